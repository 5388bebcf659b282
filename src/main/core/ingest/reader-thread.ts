/**
 * Worker-thread entry that reads a CSV file (decoding, record splitting, csv-parse) while the
 * ingest worker maps, hashes and stages the records it has already read: the two share the work
 * of a file on two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from './csv-reader';
import type { CsvReadTask } from './read-file';
import { postInBatches } from './thread-stream';

const port = parentPort;
if (!port) throw new Error('the CSV reader must run in a worker thread');
const task = workerData as CsvReadTask;
void postInBatches(port, readCsv(task.filePath, task.format), task.batchSize);
