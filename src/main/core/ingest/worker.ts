/**
 * Worker-thread entry: reading files runs here so that parsing a large file never blocks the
 * event loop of the process that hosts the UI or the CLI's progress bar.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { postedError } from '../errors';
import { previewFile } from './preview';
import { stageFile } from './stage';
import type { WorkerMessage, WorkerTask } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('ingest worker must run in a worker thread');
const post = (message: WorkerMessage): void => {
  port.postMessage(message);
};

const task = workerData as WorkerTask;
const work =
  task.kind === 'stage'
    ? stageFile(task.request, (totals) => {
        post({ type: 'progress', totals });
      })
    : previewFile(task.filePath, task.profile);

work.then(
  (result) => {
    post({ type: 'done', result });
  },
  (error: unknown) => {
    post({ type: 'failed', ...postedError(error) });
  },
);
