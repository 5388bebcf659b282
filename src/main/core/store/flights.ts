import type { Db } from './database';

/**
 * The versions a job's chunk planned, kept from just before each piece is sent until the chunk is
 * recorded: a crash in between leaves them, and the next attempt reads them to tell a write of its
 * own that landed from a later one by another writer (sync/chunk-writer.ts). A piece's plans are
 * one row (`{doc_id: version}` as JSON): a row a document cost more than sending it.
 */
export function plannedVersions(db: Db, jobId: string, ids: readonly string[]): Map<string, number> {
  const wanted = new Set(ids);
  const found = new Map<string, number>();
  // In the order they were planned: a later plan for a document replaces an earlier one.
  const pieces = db.prepare('SELECT versions FROM chunk_plans WHERE job_id = ? ORDER BY rowid').pluck().all(jobId);
  for (const versions of pieces as string[]) {
    for (const [id, version] of Object.entries(JSON.parse(versions) as Record<string, number>)) {
      if (wanted.has(id)) found.set(id, version);
    }
  }
  return found;
}

export function planVersions(db: Db, jobId: string, versions: ReadonlyMap<string, number>): void {
  db.prepare('INSERT INTO chunk_plans (job_id, versions) VALUES (?, ?)').run(
    jobId,
    JSON.stringify(Object.fromEntries(versions)),
  );
}

/** Forgets a job's plans once its chunk is recorded: what they guarded is now in SQLite. */
export function clearPlans(db: Db, jobId: string): void {
  db.prepare('DELETE FROM chunk_plans WHERE job_id = ?').run(jobId);
}
