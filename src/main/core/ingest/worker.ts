/**
 * Worker-thread entry: staging runs here so that parsing a large file never blocks the event
 * loop of the process that hosts the UI or the CLI's progress bar.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stageFile, type StageRequest } from './stage';
import type { WorkerMessage } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('ingest worker must run in a worker thread');
const post = (message: WorkerMessage): void => {
  port.postMessage(message);
};

stageFile(workerData as StageRequest, (totals) => {
  post({ type: 'progress', totals });
}).then(
  (totals) => {
    post({ type: 'done', totals });
  },
  (error: unknown) => {
    post({
      type: 'failed',
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    });
  },
);
