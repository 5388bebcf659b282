import { randomBytes } from 'node:crypto';
import {
  FINAL_JOB_STATES,
  type BatchInput,
  type BatchOrigin,
  type BatchPartView,
  type BatchState,
  type BatchView,
  type ErrorScope,
  type JobState,
  type JobView,
} from '../../../preload/contract';
import { batchFromEnvelope, batchFromFileName, envelopeTime, type EnvelopeFields } from '../batches/metadata';
import { placeholders, type Db } from './database';
import { fileJobs, requireJob, toView, type JobRow } from './jobs';

const count = (n: number): string => n.toLocaleString('en-US');

function setUpload(db: Db, jobId: string, batch: BatchInput | null, origin: BatchOrigin | null): void {
  db.prepare(
    `UPDATE jobs SET upload_batch_id = ?, upload_part = ?, upload_total_parts = ?, upload_total_items = ?,
       upload_origin = ? WHERE id = ?`,
  ).run(
    batch?.batchId ?? null,
    batch?.part ?? null,
    batch?.totalParts ?? null,
    batch?.totalItems ?? null,
    origin,
    jobId,
  );
}

/**
 * A batch id read from file names is taken again by next month's catalog: after this long
 * without a file, the name starts a new batch instead of re-sending the old one's parts.
 */
const NAMED_BATCH_IDLE_MS = 7 * 86_400_000;

/**
 * Puts a job in a batch it was given or that its file names. A batch id belongs to one target
 * (wholesaler, database, collection): when another target's files already use it, or a batch
 * named after files has been idle for NAMED_BATCH_IDLE_MS, the job goes to this target's own
 * batch of that name, `<id> (<wholesaler> <database>.<collection>, <date>)`: the latest one that
 * is not idle, else a new one. So it hides neither another sender's parts nor an older upload's,
 * and parts sent on other days still meet.
 */
function placeInBatch(db: Db, job: JobView, batch: BatchInput, origin: BatchOrigin): void {
  const idle = (at: string): boolean =>
    origin === 'file_name' && Date.parse(job.createdAt) - Date.parse(at) > NAMED_BATCH_IDLE_MS;
  const targets = db
    .prepare(
      `SELECT wholesaler_id = ? AND target_database = ? AND target_collection = ? AS mine, max(created_at) AS at
       FROM jobs WHERE upload_batch_id = ? AND id != ? GROUP BY wholesaler_id, target_database, target_collection`,
    )
    .all(job.wholesalerId, job.database, job.collection, batch.batchId, job.id) as { mine: number; at: string }[];
  const mine = targets.find((target) => target.mine === 1);
  if (targets.length === (mine ? 1 : 0) && !(mine && idle(mine.at))) {
    setUpload(db, job.id, batch, origin);
    return;
  }
  const prefix = `${batch.batchId} (${job.wholesalerId} ${job.database}.${job.collection}, `;
  const own = db
    .prepare(
      `SELECT upload_batch_id AS id, max(created_at) AS at FROM jobs
       WHERE substr(upload_batch_id, 1, length(?)) = ? AND wholesaler_id = ? AND target_database = ?
         AND target_collection = ? AND id != ?
       GROUP BY upload_batch_id ORDER BY at DESC LIMIT 1`,
    )
    .get(prefix, prefix, job.wholesalerId, job.database, job.collection, job.id) as
    { id: string; at: string } | undefined;
  const batchId = own && !idle(own.at) ? own.id : `${prefix}${job.createdAt.slice(0, 10)})`;
  setUpload(db, job.id, { ...batch, batchId }, origin);
}

/**
 * Places a new job in its upload batch: the one the user gave, else the one its file name
 * names, else the implicit batch of its source when that batch had a file within `windowMs`
 * (a new implicit batch otherwise). A JSON envelope read later takes precedence over all but
 * the user's (applyEnvelope).
 */
export function assignUpload(db: Db, jobId: string, given: BatchInput | null, windowMs: number): void {
  const job = requireJob(db, jobId);
  const named = given ? null : batchFromFileName(job.fileName);
  const chosen = given ?? named;
  if (chosen) {
    placeInBatch(db, job, chosen, given ? 'user' : 'file_name');
    return;
  }
  const latest = db
    .prepare(
      `SELECT upload_batch_id AS id, max(upload_part) AS part, max(created_at) AS at FROM jobs
       WHERE upload_origin = 'implicit' AND id != ? AND source_id IS ? AND wholesaler_id = ? AND target_database = ?
         AND target_collection = ?
       GROUP BY upload_batch_id ORDER BY at DESC LIMIT 1`,
    )
    .get(jobId, job.sourceId, job.wholesalerId, job.database, job.collection) as
    { id: string; part: number; at: string } | undefined;
  const joins = latest !== undefined && Date.parse(job.createdAt) - Date.parse(latest.at) <= windowMs;
  const batchId = joins
    ? latest.id
    : `implicit-${job.createdAt.slice(0, 16).replace(/\D/g, '')}-${randomBytes(2).toString('hex')}`;
  setUpload(db, jobId, { batchId, part: joins ? latest.part + 1 : 1, totalParts: null, totalItems: null }, 'implicit');
}

/**
 * Takes a JSON envelope's batch fields for the file of job `jobId`, unless the user gave the
 * batch. Gives what is wrong with the fields, if anything (the file stays where it was).
 */
export function applyEnvelope(db: Db, jobId: string, fields: EnvelopeFields): string | null {
  const job = requireJob(db, jobId);
  const { batch, problem } = batchFromEnvelope(job.fileName, fields);
  if (batch && job.upload?.origin !== 'user') placeInBatch(db, job, batch, 'envelope');
  // The sender's own time orders the file among other work on the same entities (docs/writes.md).
  const queuedAt = envelopeTime(fields.timestamp);
  if (typeof queuedAt === 'number') db.prepare('UPDATE jobs SET queued_at = ? WHERE id = ?').run(queuedAt, jobId);
  const badTime =
    queuedAt === undefined
      ? `${job.fileName}: the envelope's timestamp is not an ISO 8601 date-time, so the file is ordered by when it was queued`
      : null;
  return problem ?? badTime;
}

/**
 * A file sent again into its implicit batch (the same content) is a re-send of the part it was
 * sent as, not a new part.
 */
export function reuseImplicitPart(db: Db, jobId: string): void {
  const job = requireJob(db, jobId);
  if (job.upload?.origin !== 'implicit' || job.fileSha256 === null) return;
  const earlier = db
    .prepare(
      `SELECT upload_part AS part FROM jobs WHERE upload_batch_id = ? AND file_sha256 = ? AND id != ?
         AND state != 'cancelled' AND (batch_part IS NULL OR batch_part = 1) ORDER BY created_at LIMIT 1`,
    )
    .get(job.upload.batchId, job.fileSha256, jobId) as { part: number } | undefined;
  if (earlier) db.prepare('UPDATE jobs SET upload_part = ? WHERE id = ?').run(earlier.part, jobId);
}

export function setHeader(db: Db, jobId: string, columns: readonly string[]): void {
  db.prepare('UPDATE jobs SET header = ? WHERE id = ?').run(JSON.stringify(columns), jobId);
}

/** The header of a job's file as read; null for JSON files. */
export function jobHeader(db: Db, jobId: string): string[] | null {
  const row = db.prepare('SELECT header FROM jobs WHERE id = ?').get(jobId) as { header: string | null } | undefined;
  return row?.header ? (JSON.parse(row.header) as string[]) : null;
}

type RowCount = 'rowsParsed' | 'rowsWritten' | 'rowsUnchanged' | 'rowsFailed' | 'rowsRecovered';

const sum = (items: readonly Record<RowCount, number>[], key: RowCount): number =>
  items.reduce((total, item) => total + item[key], 0);

/** One state for a file's jobs: the first one still at work, else how they ended. */
function fileState(jobs: readonly JobView[]): JobState {
  const working = jobs.find((job) => !FINAL_JOB_STATES.has(job.state));
  if (working) return working.state;
  if (jobs.every((job) => job.state === 'cancelled')) return 'cancelled';
  if (jobs.every((job) => job.state === 'failed' || job.state === 'cancelled')) return 'failed';
  // Failed rows that a retry has since recovered no longer count against the file.
  const failedRows = sum(jobs, 'rowsFailed') > sum(jobs, 'rowsRecovered');
  const stopped = jobs.some((job) => job.state === 'failed' || job.state === 'cancelled');
  return failedRows || stopped ? 'completed_with_errors' : 'completed';
}

function partView(files: readonly JobView[][]): BatchPartView {
  // The latest file sent for a part replaces the earlier ones, unless it was cancelled.
  const current = files.findLast((jobs) => jobs[0]?.state !== 'cancelled') ?? files.at(-1) ?? [];
  const first = current[0] as JobView;
  return {
    part: first.upload?.part ?? 0,
    fileName: first.fileName,
    jobs: current,
    state: fileState(current),
    resends: files.length - 1,
    rowsParsed: sum(current, 'rowsParsed'),
    rowsWritten: sum(current, 'rowsWritten'),
    rowsUnchanged: sum(current, 'rowsUnchanged'),
    rowsFailed: sum(current, 'rowsFailed'),
    rowsRecovered: sum(current, 'rowsRecovered'),
    updatedAt:
      current
        .map((job) => job.updatedAt)
        .sort()
        .at(-1) ?? first.updatedAt,
  };
}

/** The value the parts declare (the largest, when they disagree, with a problem saying so). */
function declared(
  parts: readonly BatchPartView[],
  pick: (upload: NonNullable<JobView['upload']>) => number | null,
  what: string,
): { value: number | null; problem: string | null } {
  const said = parts.flatMap((part) => {
    const value = part.jobs[0]?.upload ? pick(part.jobs[0].upload) : null;
    return value === null ? [] : [{ part: part.part, value }];
  });
  const values = [...new Set(said.map((s) => s.value))];
  if (values.length <= 1) return { value: values[0] ?? null, problem: null };
  const detail = said.map((s) => `part ${count(s.part)} says ${count(s.value)}`).join(', ');
  return { value: Math.max(...values), problem: `The parts disagree on ${what}: ${detail}` };
}

function batchState(parts: readonly BatchPartView[], missing: readonly number[]): BatchState {
  if (parts.some((part) => !FINAL_JOB_STATES.has(part.state))) return 'in_progress';
  if (missing.length > 0) return 'incomplete';
  if (parts.every((part) => part.state === 'failed' || part.state === 'cancelled')) return 'failed';
  return parts.every((part) => part.state === 'completed') ? 'complete' : 'partial_success';
}

function toBatchView(id: string, jobs: readonly JobView[], retries: JobView[]): BatchView {
  // A file's jobs share its split batch id; parts are files, and a part sent again has several.
  const files = new Map<string, JobView[]>();
  for (const job of jobs) {
    const key = job.batchId ?? job.id;
    files.set(key, [...(files.get(key) ?? []), job]);
  }
  const byPart = new Map<number, JobView[][]>();
  for (const file of files.values()) {
    const part = file[0]?.upload?.part ?? 0;
    byPart.set(part, [...(byPart.get(part) ?? []), file]);
  }
  const parts = [...byPart.keys()].sort((a, b) => a - b).map((part) => partView(byPart.get(part) ?? []));
  const totalParts = declared(parts, (upload) => upload.totalParts, 'the number of parts');
  const totalItems = declared(parts, (upload) => upload.totalItems, 'the number of items');
  const problems = [totalParts.problem, totalItems.problem].filter((p): p is string => p !== null);
  const partNumbers = new Set(parts.map((part) => part.part));
  const missing: number[] = [];
  if (totalParts.value !== null) {
    for (let part = 1; part <= totalParts.value; part++) if (!partNumbers.has(part)) missing.push(part);
    for (const part of parts.filter((p) => p.part > (totalParts.value ?? 0))) {
      problems.push(
        `Part ${count(part.part)} (${part.fileName}) is above the batch's ${count(totalParts.value)} parts`,
      );
    }
  }
  const allRead = parts.every((part) => part.state !== 'queued' && part.state !== 'parsing');
  const items = sum(parts, 'rowsParsed');
  if (totalItems.value !== null && missing.length === 0 && allRead && items !== totalItems.value) {
    problems.push(`The parts hold ${count(items)} items; the batch says ${count(totalItems.value)}`);
  }
  const first = jobs[0] as JobView;
  const times = [...parts.map((part) => part.updatedAt), ...retries.map((job) => job.updatedAt)].sort();
  return {
    id,
    origin: first.upload?.origin ?? 'implicit',
    sourceName: first.sourceName,
    state: batchState(parts, missing),
    totalParts: totalParts.value,
    totalItems: totalItems.value,
    parts,
    missingParts: missing,
    problems,
    retries,
    rowsParsed: items,
    rowsWritten: sum(parts, 'rowsWritten'),
    rowsUnchanged: sum(parts, 'rowsUnchanged'),
    rowsFailed: sum(parts, 'rowsFailed'),
    rowsRecovered: sum(parts, 'rowsRecovered'),
    createdAt: jobs.map((job) => job.createdAt).sort()[0] ?? first.createdAt,
    updatedAt: times.at(-1) ?? first.updatedAt,
  };
}

const ORDERED = 'ORDER BY created_at, batch_part, id';

export function batchView(db: Db, batchId: string): BatchView | undefined {
  const jobs = (
    db.prepare(`SELECT * FROM job_views WHERE upload_batch_id = ? ${ORDERED}`).all(batchId) as JobRow[]
  ).map(toView);
  if (jobs.length === 0) return undefined;
  const ids = jobs.map((job) => job.id);
  const retries = (
    db
      .prepare(`SELECT * FROM job_views WHERE parent_job_id IN (${placeholders(ids.length)}) ${ORDERED}`)
      .all(...ids) as JobRow[]
  ).map(toView);
  return toBatchView(batchId, jobs, retries);
}

function requireBatch(db: Db, batchId: string): BatchView {
  const batch = batchView(db, batchId);
  if (!batch) throw new Error(`No batch "${batchId}"`);
  return batch;
}

/**
 * The batches a list shows: the view is rebuilt as jobs progress, and months of imports must not
 * make each rebuild slower. Older batches stay reachable by id.
 */
const LISTED_BATCHES = 200;

/** The most recently active upload batches, the latest first. */
export function listBatchViews(db: Db, limit = LISTED_BATCHES): BatchView[] {
  const ids = db
    .prepare(
      `SELECT upload_batch_id AS id FROM jobs WHERE upload_batch_id IS NOT NULL
       GROUP BY upload_batch_id ORDER BY max(updated_at) DESC LIMIT ?`,
    )
    .all(limit) as { id: string }[];
  return ids
    .flatMap(({ id }) => batchView(db, id) ?? [])
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
}

/**
 * The jobs whose error rows a scope covers: a job's file (split parts included), or the files
 * that are a batch's current parts (a part sent again replaces the earlier file), and their
 * retries (a row a retry failed again shows with the retry's message).
 */
export function scopeJobIds(db: Db, scope: ErrorScope): string[] {
  const jobs =
    scope.kind === 'job'
      ? fileJobs(db, requireJob(db, scope.id))
      : requireBatch(db, scope.id).parts.flatMap((part) => part.jobs);
  const ids = jobs.map((job) => job.id);
  const retries = db
    .prepare(`SELECT id FROM jobs WHERE parent_job_id IN (${placeholders(ids.length)})`)
    .all(...ids) as { id: string }[];
  return [...ids, ...retries.map((retry) => retry.id)];
}
