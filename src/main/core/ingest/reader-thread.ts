/**
 * Worker-thread entry that reads a CSV or XLSX file (decoding, record splitting, csv-parse; or
 * inflating and parsing the sheet) while the ingest worker maps, hashes and stages the records it
 * has already read: the two share the work of a file on two cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readTabular, type TabularReadTask } from './read-file';
import type { TabularItem } from './records';
import { postInBatches } from './thread-stream';

/**
 * A batch: 500 records, or fewer when they are large (posting copies them), so that what is in
 * flight between the threads stays a few megabytes whatever the rows hold.
 */
const BATCH = {
  items: 500,
  chars: 4 * 1024 * 1024,
  charsOf: (item: TabularItem): number => (item.ok ? item.record.raw.length * 2 : item.problem.raw.length),
};

const port = parentPort;
if (!port) throw new Error('the file reader must run in a worker thread');
const task = workerData as TabularReadTask;
void postInBatches(port, readTabular(task), BATCH);
