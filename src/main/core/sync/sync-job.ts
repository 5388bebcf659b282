import type { JobView } from '../../../preload/contract';
import type { Db } from '../store/database';
import { fileJobs } from '../store/jobs';
import { countPendingRows, pendingRows, recordChunk } from '../store/staged-rows';
import { writeChunk, type WriteTarget } from './chunk-writer';
import { prepareHashLookup } from './remote-hashes';

/**
 * Writes a job's staged rows chunk by chunk. A chunk is recorded in SQLite only after MongoDB
 * answered for it, so an interruption leaves the unacknowledged chunk pending, to be sent again;
 * sending it again changes nothing in MongoDB that had already changed (chunk-writer.ts).
 * `snapshotKey` names the target the snapshot of remote hashes is shared under.
 */
export async function syncStagedRows(
  db: Db,
  job: JobView,
  target: WriteTarget,
  snapshotKey: string,
  onChunk: () => void,
  signal: AbortSignal,
): Promise<void> {
  if (countPendingRows(db, job.id) === 0) return;
  // A split file's parts are sized up together: the snapshot is worth reading for the whole file.
  const parts = fileJobs(db, job);
  const batchPending = parts.reduce((sum, part) => sum + countPendingRows(db, part.id), 0);
  const lookup = await prepareHashLookup(db, snapshotKey, job.wholesalerId, batchPending, target.collection);
  for (;;) {
    signal.throwIfAborted();
    const rows = pendingRows(db, job.id, job.chunkSize);
    if (rows.length === 0) return;
    recordChunk(db, job.id, await writeChunk(target, rows, lookup));
    onChunk();
  }
}
