import type { JobView } from '../../../preload/contract';
import type { Db } from '../store/database';
import { plannedVersions, planVersions } from '../store/flights';
import { fileJobs } from '../store/jobs';
import { whileHolding } from '../store/leases';
import { countPendingRows, pendingRows, recordChunk, type ChunkOutcome } from '../store/staged-rows';
import type { WriteTarget } from './chunk-write';
import { writeChunk } from './chunk-writer';
import { byIdLookup, prepareHashLookup } from './remote-hashes';
import type { ServerTraits } from './server';

/** How a sync run writes: where, on what kind of server, and as which lease holder. */
export interface SyncRun {
  target: Omit<WriteTarget, 'flights' | 'updatesPerCommand'>;
  traits: ServerTraits;
  /** The target a snapshot of remote hashes is shared under (FerretDB only). */
  snapshotKey: string;
  /** This process as the job's lease holder: nothing is recorded once it no longer is. */
  owner: string;
}

/**
 * Writes a job's staged rows chunk by chunk. A chunk is recorded in SQLite only after MongoDB
 * answered for it, so an interruption leaves the unacknowledged chunk pending, to be sent again;
 * sending it again changes nothing in MongoDB that had already changed (chunk-writer.ts). Before
 * a chunk is sent its planned versions are recorded (store/flights.ts), and it is recorded only
 * while this process still holds the job's lease: a process stopped long enough for another to
 * take the job over gives it up at its next chunk (LeaseLost) instead of racing it.
 */
export async function syncStagedRows(
  db: Db,
  job: JobView,
  run: SyncRun,
  onChunk: () => void,
  signal: AbortSignal,
): Promise<void> {
  if (countPendingRows(db, job.id) === 0) return;
  const { target, traits, owner } = run;
  const lookup = traits.snapshots
    ? await prepareHashLookup(db, run.snapshotKey, job.wholesalerId, batchPending(db, job), target.collection, signal)
    : byIdLookup(target.collection);
  const flights = {
    planned: (ids: readonly string[]) => plannedVersions(db, job.id, ids),
    plan: (versions: ReadonlyMap<string, number>) => {
      whileHolding(db, job.id, owner, () => {
        planVersions(db, job.id, versions);
      });
    },
  };
  for (;;) {
    signal.throwIfAborted();
    const rows = pendingRows(db, job.id, job.chunkSize);
    if (rows.length === 0) return;
    const outcome: ChunkOutcome = await writeChunk(
      { ...target, flights, updatesPerCommand: traits.updatesPerCommand },
      rows,
      lookup,
    );
    whileHolding(db, job.id, owner, () => {
      recordChunk(db, job.id, outcome);
    });
    onChunk();
  }
}

/** A split file's parts are sized up together: a snapshot is worth reading for the whole file. */
function batchPending(db: Db, job: JobView): number {
  return fileJobs(db, job).reduce((sum, part) => sum + countPendingRows(db, part.id), 0);
}
