import type { JobView } from '../../../preload/contract';
import type { Db } from './database';
import { fileJobs } from './batches';
import { addToCounters, requireJob } from './jobs';

/**
 * How much of a file must be rows that failed before for it to count as their retry: at least
 * half its rows are outstanding error rows of earlier jobs to the same target. A whole catalog
 * imported again, which holds those rows among many others, is not a retry.
 */
const RETRY_SHARE = 0.5;

const marks = (ids: readonly string[]): string => ids.map(() => '?').join(',');

/**
 * Recognises a file as the corrected copy of an earlier job's error rows (an exported report,
 * with or without its error columns): its rows' entity codes are mostly ones that failed there
 * and were not recovered since. Sets parent_job_id to the job most of them failed in, and takes
 * the file out of any upload batch (it belongs to its parent's). Gives the parent, if any.
 */
export function recogniseRetry(db: Db, fileJobId: string): JobView | null {
  const file = requireJob(db, fileJobId);
  const ids = fileJobs(db, file).map((job) => job.id);
  const rowsRead = db.prepare(`SELECT sum(rows_parsed) AS n FROM jobs WHERE id IN (${marks(ids)})`).get(...ids) as {
    n: number;
  };
  const matches = db
    .prepare(
      `WITH codes AS (
         SELECT entity_code FROM staged_rows WHERE file_job_id = ?
         UNION SELECT entity_code FROM row_errors WHERE job_id IN (${marks(ids)}) AND entity_code IS NOT NULL)
       SELECT e.job_id AS jobId, j.created_at AS createdAt, e.entity_code AS code FROM row_errors AS e JOIN jobs AS j ON j.id = e.job_id
       WHERE e.recovered_by IS NULL AND e.entity_code IN (SELECT entity_code FROM codes)
         AND j.id NOT IN (${marks(ids)}) AND j.wholesaler_id = ? AND j.target_database = ? AND j.target_collection = ?
         AND j.created_at <= ?`,
    )
    .all(fileJobId, ...ids, ...ids, file.wholesalerId, file.database, file.collection, file.createdAt) as {
    jobId: string;
    createdAt: string;
    code: string;
  }[];
  const codes = new Set(matches.map((m) => m.code));
  if (codes.size === 0 || codes.size < rowsRead.n * RETRY_SHARE) return null;
  const byJob = new Map<string, { createdAt: string; codes: Set<string> }>();
  for (const { jobId, createdAt, code } of matches) {
    const entry = byJob.get(jobId) ?? { createdAt, codes: new Set<string>() };
    byJob.set(jobId, entry);
    entry.codes.add(code);
  }
  // The job most rows failed in; between equals (a batch's report), the latest.
  const [parentId] =
    [...byJob.entries()].sort(
      ([, a], [, b]) => b.codes.size - a.codes.size || b.createdAt.localeCompare(a.createdAt),
    )[0] ?? [];
  if (parentId === undefined) return null;
  db.prepare(
    `UPDATE jobs SET parent_job_id = ?, upload_batch_id = NULL, upload_part = NULL, upload_total_parts = NULL,
       upload_total_items = NULL, upload_origin = NULL WHERE id IN (${marks(ids)})`,
  ).run(parentId, ...ids);
  return requireJob(db, parentId);
}

/**
 * Counts as recovered the error rows a retry job (or one of its split parts) got into MongoDB:
 * outstanding error rows of its parent's file and batch whose entity the retry wrote, or found
 * already there. Gives the jobs whose counts changed.
 */
export function recordRecovery(db: Db, jobId: string): string[] {
  const job = requireJob(db, jobId);
  if (job.parentJobId === null) return [];
  const parent = requireJob(db, job.parentJobId);
  const scope = parent.upload
    ? (db.prepare('SELECT id FROM jobs WHERE upload_batch_id = ?').all(parent.upload.batchId) as { id: string }[]).map(
        (row) => row.id,
      )
    : fileJobs(db, parent).map((part) => part.id);
  return db.transaction(() => {
    const recovered = db
      .prepare(
        `UPDATE row_errors SET recovered_by = ? WHERE recovered_by IS NULL AND job_id IN (${marks(scope)})
           AND entity_code IN (SELECT entity_code FROM staged_rows WHERE job_id = ? AND status IN ('written', 'unchanged'))
         RETURNING job_id AS jobId`,
      )
      .all(jobId, ...scope, jobId) as { jobId: string }[];
    const perJob = new Map<string, number>();
    for (const { jobId: id } of recovered) perJob.set(id, (perJob.get(id) ?? 0) + 1);
    for (const [id, n] of perJob) addToCounters(db, id, { rowsRecovered: n });
    return [...perJob.keys()];
  })();
}
