import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { BatchOrigin, JobState, JobView, UploadPart } from '../../../preload/contract';
import type { JobProfile } from '../sources/profile';
import { placeholders, type Db } from './database';

export interface JobRow {
  id: string;
  file_path: string;
  file_name: string;
  wholesaler_id: string;
  target_database: string;
  target_collection: string;
  state: JobState;
  message: string | null;
  chunk_size: number;
  rows_parsed: number;
  rows_staged: number;
  rows_written: number;
  rows_unchanged: number;
  rows_failed: number;
  chunks_written: number;
  rows_repeated: number;
  source_id: string | null;
  profile: string;
  file_sha256: string | null;
  alert: string | null;
  batch_id: string | null;
  batch_part: number | null;
  batch_total_parts: number | null;
  upload_batch_id: string | null;
  upload_part: number | null;
  upload_total_parts: number | null;
  upload_total_items: number | null;
  upload_origin: BatchOrigin | null;
  parent_job_id: string | null;
  rows_recovered: number;
  rows_superseded: number;
  queued_at: number;
  /** From the job_views view: rows a "Retry failed rows" would send. */
  rows_retryable: number;
  created_at: string;
  updated_at: string;
}

function uploadOf(row: JobRow): UploadPart | null {
  if (row.upload_batch_id === null || row.upload_part === null || row.upload_origin === null) return null;
  return {
    batchId: row.upload_batch_id,
    part: row.upload_part,
    totalParts: row.upload_total_parts,
    totalItems: row.upload_total_items,
    origin: row.upload_origin,
  };
}

export function toView(row: JobRow): JobView {
  return {
    id: row.id,
    fileName: row.file_name,
    filePath: row.file_path,
    state: row.state,
    wholesalerId: row.wholesaler_id,
    database: row.target_database,
    collection: row.target_collection,
    rowsParsed: row.rows_parsed,
    rowsStaged: row.rows_staged,
    rowsWritten: row.rows_written,
    rowsUnchanged: row.rows_unchanged,
    rowsFailed: row.rows_failed,
    chunkSize: row.chunk_size,
    chunksWritten: row.chunks_written,
    rowsRepeated: row.rows_repeated,
    sourceId: row.source_id,
    sourceName: (JSON.parse(row.profile) as JobProfile).name,
    fileSha256: row.file_sha256,
    batchId: row.batch_id,
    batchPart: row.batch_part,
    batchTotalParts: row.batch_total_parts,
    upload: uploadOf(row),
    parentJobId: row.parent_job_id,
    rowsRecovered: row.rows_recovered,
    rowsRetryable: row.rows_retryable,
    rowsSuperseded: row.rows_superseded,
    queuedAt: new Date(row.queued_at).toISOString(),
    message: row.message,
    alert: row.alert,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createJob(db: Db, filePath: string, profile: JobProfile): JobView {
  const queued = new Date();
  const now = queued.toISOString();
  const id = randomUUID();
  db.prepare(
    `INSERT INTO jobs (id, file_path, file_name, wholesaler_id, target_database, target_collection,
       state, chunk_size, source_id, profile, queued_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    filePath,
    basename(filePath),
    profile.wholesalerId,
    profile.database,
    profile.collection,
    profile.limits.chunkSize,
    profile.sourceId,
    JSON.stringify(profile),
    queued.getTime(),
    now,
    now,
  );
  return requireJob(db, id);
}

export function jobProfileOf(db: Db, id: string): JobProfile {
  const row = db.prepare('SELECT profile FROM jobs WHERE id = ?').get(id) as { profile: string } | undefined;
  if (!row) throw new Error(`No job with id ${id}`);
  return JSON.parse(row.profile) as JobProfile;
}

export function setJobAlert(db: Db, id: string, alert: string): JobView {
  db.prepare('UPDATE jobs SET alert = ?, updated_at = ? WHERE id = ?').run(alert, new Date().toISOString(), id);
  return requireJob(db, id);
}

export function setFileSha256(db: Db, id: string, sha256: string): void {
  db.prepare('UPDATE jobs SET file_sha256 = ? WHERE id = ?').run(sha256, id);
}

/**
 * The latest earlier job that imported a file with this content for the same source (or, for
 * the default source, the same wholesaler and collection), so a repeat can be flagged.
 */
export function findEarlierImport(db: Db, sha256: string, profile: JobProfile): JobView | undefined {
  const row = db
    .prepare(
      `SELECT * FROM job_views WHERE file_sha256 = ? AND state != 'cancelled'
         AND (source_id = ? OR (? IS NULL AND source_id IS NULL AND wholesaler_id = ? AND target_database = ?
              AND target_collection = ?))
       ORDER BY created_at DESC, batch_part LIMIT 1`,
    )
    .get(sha256, profile.sourceId, profile.sourceId, profile.wholesalerId, profile.database, profile.collection) as
    JobRow | undefined;
  return row && toView(row);
}

/**
 * Starts batch part `part` of the file given to job `fileJobId`, while it is being staged: a copy
 * of that job under the batch's id, to which the next rows go. The first call makes the file's
 * own job part 1.
 */
export function startBatchPart(db: Db, fileJobId: string, batchId: string, part: number): string {
  const partId = randomUUID();
  db.transaction(() => {
    const now = new Date().toISOString();
    db.prepare('UPDATE jobs SET batch_id = ?, batch_part = 1, updated_at = ? WHERE id = ?').run(
      batchId,
      now,
      fileJobId,
    );
    db.prepare(
      `INSERT INTO jobs (id, file_path, file_name, wholesaler_id, target_database, target_collection, state,
         chunk_size, source_id, profile, batch_id, batch_part, upload_batch_id, upload_part, upload_total_parts,
         upload_total_items, upload_origin, header, queued_at, created_at, updated_at)
       SELECT ?, file_path, file_name, wholesaler_id, target_database, target_collection, state,
         chunk_size, source_id, profile, batch_id, ?, upload_batch_id, upload_part, upload_total_parts,
         upload_total_items, upload_origin, header, queued_at, created_at, ?
       FROM jobs WHERE id = ?`,
    ).run(partId, part, now, fileJobId);
  })();
  return partId;
}

/** Once the whole file is staged: how many parts the batch has, and what every part inherits. */
export function finishBatch(db: Db, fileJobId: string): void {
  db.prepare(
    `UPDATE jobs SET
       batch_total_parts = (SELECT count(*) FROM jobs AS part WHERE part.batch_id = jobs.batch_id),
       (file_sha256, alert, upload_batch_id, upload_part, upload_total_parts, upload_total_items, upload_origin,
        parent_job_id, queued_at) = (SELECT file_sha256, alert, upload_batch_id, upload_part, upload_total_parts,
          upload_total_items, upload_origin, parent_job_id, queued_at FROM jobs AS file WHERE file.id = ?)
     WHERE batch_id = (SELECT batch_id FROM jobs WHERE id = ?)`,
  ).run(fileJobId, fileJobId);
}

export function findJob(db: Db, id: string): JobView | undefined {
  const row = db.prepare('SELECT * FROM job_views WHERE id = ?').get(id) as JobRow | undefined;
  return row && toView(row);
}

export function requireJob(db: Db, id: string): JobView {
  const job = findJob(db, id);
  if (!job) throw new Error(`No job with id ${id}`);
  return job;
}

export function listJobs(db: Db, states?: readonly JobState[]): JobView[] {
  const rows = states
    ? (db
        .prepare(
          `SELECT * FROM job_views WHERE state IN (${placeholders(states.length)})
           ORDER BY created_at, batch_id, batch_part, id`,
        )
        .all(...states) as JobRow[])
    : (db.prepare('SELECT * FROM job_views ORDER BY created_at DESC, batch_id, batch_part, id').all() as JobRow[]);
  return rows.map(toView);
}

export function listBatch(db: Db, batchId: string): JobView[] {
  const rows = db.prepare('SELECT * FROM job_views WHERE batch_id = ? ORDER BY batch_part').all(batchId) as JobRow[];
  return rows.map(toView);
}

/** The jobs of one file: its own and, when it was split by size, its parts. */
export function fileJobs(db: Db, job: JobView): JobView[] {
  return job.batchId ? listBatch(db, job.batchId) : [job];
}

/**
 * The states a job may enter each state from (it may also stay where it is, with a new message).
 * A finished job is left only by a retry: a failed one is read again (queued) or, like one
 * completed with errors, has its refused rows sent again (staged).
 */
const ENTERED_FROM: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['parsing', 'paused', 'failed'],
  parsing: ['queued'],
  staged: ['parsing', 'syncing', 'paused', 'failed', 'completed_with_errors'],
  waiting: ['staged', 'syncing'],
  syncing: ['staged', 'waiting'],
  paused: ['queued', 'parsing', 'staged', 'waiting', 'syncing'],
  completed: ['syncing'],
  completed_with_errors: ['syncing'],
  failed: ['queued', 'parsing', 'staged', 'waiting', 'syncing'],
  cancelled: ['queued', 'parsing', 'staged', 'waiting', 'syncing', 'paused'],
};

/**
 * Moves a job to a state; `pausedFrom` is the state a paused job goes back to when resumed. The
 * move is refused, in the same statement that makes it, when the job is in a state it may not be
 * left for this one: a bug, or another process that moved the job on meanwhile.
 */
export function setJobState(
  db: Db,
  id: string,
  state: JobState,
  message: string | null = null,
  pausedFrom: JobState | null = null,
): JobView {
  const from = [state, ...ENTERED_FROM[state]];
  const moved = db
    .prepare(
      `UPDATE jobs SET state = ?, message = ?, paused_from = ?, updated_at = ?
       WHERE id = ? AND state IN (${placeholders(from.length)})`,
    )
    .run(state, message, pausedFrom, new Date().toISOString(), id, ...from).changes;
  const job = requireJob(db, id);
  if (moved === 0) throw new Error(`${job.fileName}: a job cannot go from ${job.state} to ${state}`);
  return job;
}

/** The state a paused job goes back to. */
export function pausedFrom(db: Db, id: string): JobState {
  const row = db.prepare('SELECT paused_from FROM jobs WHERE id = ?').get(id) as
    { paused_from: JobState | null } | undefined;
  return row?.paused_from ?? 'staged';
}

export interface CounterDelta {
  rowsParsed?: number;
  rowsStaged?: number;
  rowsWritten?: number;
  rowsUnchanged?: number;
  rowsFailed?: number;
  rowsRepeated?: number;
  rowsRecovered?: number;
  chunksWritten?: number;
  rowsSuperseded?: number;
}

/** Adds to a job's counters; callers run it inside the transaction that did the counted work. */
export function addToCounters(db: Db, id: string, delta: CounterDelta): void {
  db.prepare(
    `UPDATE jobs SET rows_parsed = rows_parsed + ?, rows_staged = rows_staged + ?,
       rows_written = rows_written + ?, rows_unchanged = rows_unchanged + ?, rows_failed = rows_failed + ?,
       rows_repeated = rows_repeated + ?, rows_recovered = rows_recovered + ?, chunks_written = chunks_written + ?,
       rows_superseded = rows_superseded + ?, updated_at = ?
     WHERE id = ?`,
  ).run(
    delta.rowsParsed ?? 0,
    delta.rowsStaged ?? 0,
    delta.rowsWritten ?? 0,
    delta.rowsUnchanged ?? 0,
    delta.rowsFailed ?? 0,
    delta.rowsRepeated ?? 0,
    delta.rowsRecovered ?? 0,
    delta.chunksWritten ?? 0,
    delta.rowsSuperseded ?? 0,
    new Date().toISOString(),
    id,
  );
}

/**
 * Forgets what an interrupted parse staged, batch parts it started included, so parsing can
 * start over from the first row.
 */
export function resetStaging(db: Db, id: string): void {
  db.transaction(() => {
    // Rows of an earlier job that this file, as a retry, had failed again are outstanding again.
    db.prepare(
      `UPDATE row_errors SET superseded_by = NULL WHERE superseded_by IN (SELECT id FROM jobs WHERE id = ?
         OR (batch_id IS NOT NULL AND batch_id = (SELECT batch_id FROM jobs WHERE id = ?)))`,
    ).run(id, id);
    db.prepare(
      'DELETE FROM jobs WHERE id != ? AND batch_id IS NOT NULL AND batch_id = (SELECT batch_id FROM jobs WHERE id = ?)',
    ).run(id, id);
    db.prepare('DELETE FROM staged_rows WHERE job_id = ?').run(id);
    db.prepare('DELETE FROM row_errors WHERE job_id = ?').run(id);
    db.prepare(
      `UPDATE jobs SET rows_parsed = 0, rows_staged = 0, rows_written = 0, rows_unchanged = 0, rows_failed = 0,
         rows_repeated = 0, rows_recovered = 0, chunks_written = 0, alert = NULL, parent_job_id = NULL, batch_id = NULL, batch_part = NULL,
         batch_total_parts = NULL, updated_at = ? WHERE id = ?`,
    ).run(new Date().toISOString(), id);
  })();
}
