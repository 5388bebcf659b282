import { Worker } from 'node:worker_threads';
import readerThreadPath from './reader-thread?modulePath';
import workerPath from './worker?modulePath';
import { outOfMemoryError, revivedError } from '../errors';
import type { JobProfile } from '../sources/profile';
import type { WorkerPreview } from './preview';
import type { StageRequest, StageTotals } from './stage';
import type { WorkerMessage, WorkerTask } from './worker-messages';

/** Stages a file in a worker thread; resolves with the totals, rejects with the worker's error. */
export function stageInWorker(
  request: Omit<StageRequest, 'readerThread'>,
  heapMb: number,
  onProgress: (totals: StageTotals) => void,
  signal: AbortSignal,
): Promise<StageTotals> {
  return runInWorker(
    { kind: 'stage', request: { ...request, readerThread: readerThreadPath } },
    heapMb,
    onProgress,
    signal,
  ) as Promise<StageTotals>;
}

/** Previews a file in a worker thread, under the same memory cap as staging; an abort ends the worker. */
export function previewInWorker(
  filePath: string,
  profile: JobProfile,
  heapMb: number,
  signal: AbortSignal,
): Promise<WorkerPreview> {
  return runInWorker({ kind: 'preview', filePath, profile }, heapMb, () => undefined, signal) as Promise<WorkerPreview>;
}

function runInWorker(
  task: WorkerTask,
  heapMb: number,
  onProgress: (totals: StageTotals) => void,
  signal: AbortSignal,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('staging was cancelled'));
      return;
    }
    const worker = new Worker(workerPath, {
      workerData: task,
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    // Ending the worker stops the parse at once; SQLite rolls back the batch it was writing.
    signal.addEventListener('abort', () => {
      settle(() => {
        reject(new Error('staging was cancelled'));
      });
    });
    worker.on('message', (message: WorkerMessage) => {
      // Progress already on its way when the step was cancelled comes after its end: the job has
      // moved on (and the engine may be closed), so it is dropped.
      if (settled) return;
      if (message.type === 'progress') onProgress(message.totals);
      else if (message.type === 'done')
        settle(() => {
          resolve(message.result);
        });
      else {
        settle(() => {
          reject(revivedError(message));
        });
      }
    });
    worker.on('error', (error) => {
      settle(() => {
        reject(outOfMemoryError(error, heapMb) ?? error);
      });
    });
    worker.on('exit', (code) => {
      settle(() => {
        reject(new Error(`ingest worker stopped unexpectedly (exit code ${code})`));
      });
    });
  });
}
