import type { JobView } from '../../../preload/contract';
import type { Db } from '../store/database';
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
  const pending = countPendingRows(db, job.id);
  if (pending === 0) return;
  const lookup = await prepareHashLookup(db, job.id, job.wholesalerId, pending, collection);
  try {
    for (;;) {
      signal.throwIfAborted();
      const rows = pendingRows(db, job.id, job.chunkSize);
      if (rows.length === 0) return;
      recordChunk(db, job.id, await writeChunk(collection, rows, lookup, job.id));
      onChunk();
    }
  } finally {
    dropHashSnapshot(db, job.id);
  }
}
