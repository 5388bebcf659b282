import { placeholders, type Db } from './database';

/**
 * The versions a job's chunk planned, kept from just before it is sent until it is recorded: a
 * crash in between leaves them, and the next attempt reads them to tell a write of its own that
 * landed from a later one by another writer (sync/chunk-writer.ts).
 */
export function plannedVersions(db: Db, jobId: string, ids: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  // SQLite takes at most 32,766 parameters; a chunk is at most a few thousand rows.
  for (let at = 0; at < ids.length; at += 10_000) {
    const part = ids.slice(at, at + 10_000);
    const rows = db
      .prepare(
        `SELECT doc_id, planned_version FROM chunk_flights WHERE job_id = ? AND doc_id IN (${placeholders(part.length)})`,
      )
      .all(jobId, ...part) as { doc_id: string; planned_version: number }[];
    for (const row of rows) found.set(row.doc_id, row.planned_version);
  }
  return found;
}

export function planVersions(db: Db, jobId: string, versions: ReadonlyMap<string, number>): void {
  const insert = db.prepare('INSERT OR REPLACE INTO chunk_flights (job_id, doc_id, planned_version) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const [id, version] of versions) insert.run(jobId, id, version);
  })();
}

/** Forgets a job's plans once its chunk is recorded: what they guarded is now in SQLite. */
export function clearPlans(db: Db, jobId: string): void {
  db.prepare('DELETE FROM chunk_flights WHERE job_id = ?').run(jobId);
}
