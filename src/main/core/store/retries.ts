import type { JobView } from '../../../preload/contract';
import { placeholders, type Db } from './database';
import { addToCounters, fileJobs, requireJob } from './jobs';

/**
 * How much of a file must be rows that failed before for it to count as their retry: at least
 * half its rows are outstanding error rows of earlier jobs to the same target. A whole catalog
 * imported again, which holds those rows among many others, is not a retry.
 */
const RETRY_SHARE = 0.5;

/** Batches whose files a retry takes out of: the ones no one chose for it. */
const INFERRED_ORIGINS = ['implicit', 'file_name'];

/** The job a chain of retries started from: every retry is recorded against it. */
function rootOf(db: Db, job: JobView): JobView {
  let root = job;
  while (root.parentJobId !== null) root = requireJob(db, root.parentJobId);
  return root;
}

/**
 * The jobs whose error rows a retry of `root` corrects, all to root's target: root's batch (or,
 * outside any batch, root's file) and every retry of it, less the retry's own file.
 */
function retryScope(db: Db, root: JobView, except: readonly string[]): string[] {
  const own = root.upload
    ? (
        db
          .prepare(
            `SELECT id FROM jobs WHERE upload_batch_id = ? AND wholesaler_id = ? AND target_database = ?
               AND target_collection = ?`,
          )
          .all(root.upload.batchId, root.wholesalerId, root.database, root.collection) as { id: string }[]
      ).map((row) => row.id)
    : fileJobs(db, root).map((job) => job.id);
  const retries = (
    db.prepare(`SELECT id FROM jobs WHERE parent_job_id IN (${placeholders(own.length)})`).all(...own) as {
      id: string;
    }[]
  ).map((row) => row.id);
  return [...own, ...retries].filter((id) => !except.includes(id));
}

/**
 * Recognises a file as the corrected copy of earlier error rows (an exported report, with or
 * without its error columns): most of its rows' entity codes failed in earlier jobs to the same
 * target and were not recovered since. The same file sent again is a re-send, not a retry. Its parent is the job most of them failed in (between
 * equals, the latest), or the job that one retried: a chain of retries is recorded against its
 * first job. A batch inferred for the file (implicit, or from its name) is dropped, as the file
 * belongs to its parent's. Gives the parent, if any, and the jobs whose error rows it superseded.
 */
export function recogniseRetry(db: Db, fileJobId: string): { parent: JobView; changed: string[] } | null {
  const file = requireJob(db, fileJobId);
  const ids = fileJobs(db, file).map((job) => job.id);
  const rowsRead = db
    .prepare(`SELECT sum(rows_parsed) AS n FROM jobs WHERE id IN (${placeholders(ids.length)})`)
    .get(...ids) as { n: number };
  // From the target's outstanding error rows (few, usually none) to this file's rows, by index:
  // never the other way, which would gather every entity of a million-row file.
  const matches = db
    .prepare(
      `SELECT e.job_id AS jobId, j.created_at AS createdAt, e.entity_code AS code FROM row_errors AS e
         JOIN jobs AS j ON j.id = e.job_id
       WHERE e.recovered_by IS NULL AND e.entity_code IS NOT NULL
         AND j.id NOT IN (${placeholders(ids.length)}) AND j.wholesaler_id = ? AND j.target_database = ?
         AND j.target_collection = ? AND j.created_at <= ? AND j.file_sha256 IS NOT ?
         AND (EXISTS (SELECT 1 FROM staged_rows AS s WHERE s.file_job_id = ? AND s.entity_code = e.entity_code)
           OR EXISTS (SELECT 1 FROM row_errors AS c WHERE c.entity_code = e.entity_code AND c.recovered_by IS NULL
             AND c.job_id IN (${placeholders(ids.length)})))`,
    )
    .all(
      ...ids,
      file.wholesalerId,
      file.database,
      file.collection,
      file.createdAt,
      file.fileSha256,
      fileJobId,
      ...ids,
    ) as {
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
  const [failedIn] =
    [...byJob.entries()].sort(
      ([, a], [, b]) => b.codes.size - a.codes.size || b.createdAt.localeCompare(a.createdAt),
    )[0] ?? [];
  if (failedIn === undefined) return null;
  const parent = rootOf(db, requireJob(db, failedIn));
  db.prepare(`UPDATE jobs SET parent_job_id = ? WHERE id IN (${placeholders(ids.length)})`).run(parent.id, ...ids);
  if (file.upload && INFERRED_ORIGINS.includes(file.upload.origin)) {
    db.prepare(
      `UPDATE jobs SET upload_batch_id = NULL, upload_part = NULL, upload_total_parts = NULL, upload_total_items = NULL,
         upload_origin = NULL WHERE id IN (${placeholders(ids.length)})`,
    ).run(...ids);
  }
  return { parent, changed: supersede(db, requireJob(db, fileJobId), parent) };
}

/**
 * Marks the outstanding error rows a retry failed again (same entity) as superseded by the
 * retry's own: the newer message and value are the ones to fix.
 */
function supersede(db: Db, retry: JobView, root: JobView): string[] {
  const own = fileJobs(db, retry).map((job) => job.id);
  const scope = retryScope(db, root, own);
  const superseded = db
    .prepare(
      `UPDATE row_errors SET superseded_by = ? WHERE recovered_by IS NULL AND superseded_by IS NULL
         AND job_id IN (${placeholders(scope.length)})
         AND entity_code IN (SELECT entity_code FROM row_errors WHERE job_id IN (${placeholders(own.length)})
           AND recovered_by IS NULL AND entity_code IS NOT NULL)
       RETURNING job_id AS jobId`,
    )
    .all(retry.id, ...scope, ...own) as { jobId: string }[];
  return [...new Set(superseded.map((row) => row.jobId))];
}

/**
 * Once a retry job (or one of its split parts) has synced: counts as recovered the error rows of
 * its parent's batch (and earlier retries) whose entity it wrote, or found already there, and
 * marks as superseded those it failed again. Gives the jobs whose counts or error rows changed.
 */
export function recordRetryOutcome(db: Db, jobId: string): string[] {
  const job = requireJob(db, jobId);
  if (job.parentJobId === null) return [];
  const root = requireJob(db, job.parentJobId);
  const scope = retryScope(
    db,
    root,
    fileJobs(db, job).map((part) => part.id),
  );
  return db.transaction(() => {
    const recovered = db
      .prepare(
        `UPDATE row_errors SET recovered_by = ? WHERE recovered_by IS NULL AND job_id IN (${placeholders(scope.length)})
           AND entity_code IN (SELECT entity_code FROM staged_rows WHERE job_id = ? AND status IN ('written', 'unchanged'))
         RETURNING job_id AS jobId`,
      )
      .all(jobId, ...scope, jobId) as { jobId: string }[];
    const perJob = new Map<string, number>();
    for (const { jobId: id } of recovered) perJob.set(id, (perJob.get(id) ?? 0) + 1);
    for (const [id, n] of perJob) addToCounters(db, id, { rowsRecovered: n });
    return [...new Set([...perJob.keys(), ...supersede(db, job, root)])];
  })();
}
