import type { JobView } from '../../../preload/contract';
import type { Db } from '../store/database';
import { listBatch } from '../store/jobs';
import { countPendingRows, pendingRows, recordChunk } from '../store/staged-rows';
import { writeChunk, type EntityCollection } from './chunk-writer';
import { dropHashSnapshot, prepareHashLookup, type LookupCollection } from './remote-hashes';

/**
 * Writes a job's staged rows chunk by chunk. A chunk is recorded in SQLite only after MongoDB
 * answered for it, so an interruption leaves the unacknowledged chunk pending, to be sent again.
 */
export async function syncStagedRows(
  db: Db,
  job: JobView,
  collection: EntityCollection & LookupCollection,
  onChunk: () => void,
  signal: AbortSignal,
): Promise<void> {
  if (countPendingRows(db, job.id) === 0) return;
  // A split file's parts are looked up together: the batch's first job owns the shared snapshot.
  const parts = job.batchId ? listBatch(db, job.batchId) : [job];
  const ownerId = parts[0]?.id ?? job.id;
  const batchPending = (): number => parts.reduce((sum, part) => sum + countPendingRows(db, part.id), 0);
  const lookup = await prepareHashLookup(db, ownerId, job.wholesalerId, batchPending(), collection);
  let finished = false;
  try {
    for (;;) {
      signal.throwIfAborted();
      const rows = pendingRows(db, job.id, job.chunkSize);
      if (rows.length === 0) {
        finished = true;
        return;
      }
      recordChunk(db, job.id, await writeChunk(collection, rows, lookup, job.id));
      onChunk();
    }
  } finally {
    // Kept only for the next parts of an unbroken run: a part that stopped (offline, cancelled)
    // leaves the next sync a fresh read, since other writers may have changed things meanwhile.
    if (!finished || batchPending() === 0) dropHashSnapshot(db, ownerId);
  }
}
