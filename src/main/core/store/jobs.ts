import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { JobState, JobView } from '../../../preload/contract';
import type { Db } from './database';

export interface JobTarget {
  wholesalerId: string;
  database: string;
  collection: string;
}

interface JobRow {
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
  created_at: string;
  updated_at: string;
}

function toView(row: JobRow): JobView {
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
    message: row.message,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createJob(db: Db, filePath: string, target: JobTarget, chunkSize: number): JobView {
  const now = new Date().toISOString();
  const id = randomUUID();
  db.prepare(
    `INSERT INTO jobs (id, file_path, file_name, wholesaler_id, target_database, target_collection,
       state, chunk_size, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
  ).run(id, filePath, basename(filePath), target.wholesalerId, target.database, target.collection, chunkSize, now, now);
  return requireJob(db, id);
}

export function findJob(db: Db, id: string): JobView | undefined {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
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
        .prepare(`SELECT * FROM jobs WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY created_at, id`)
        .all(...states) as JobRow[])
    : (db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id').all() as JobRow[]);
  return rows.map(toView);
}

export function setJobState(db: Db, id: string, state: JobState, message: string | null = null): JobView {
  db.prepare('UPDATE jobs SET state = ?, message = ?, updated_at = ? WHERE id = ?').run(
    state,
    message,
    new Date().toISOString(),
    id,
  );
  return requireJob(db, id);
}

export interface CounterDelta {
  rowsParsed?: number;
  rowsStaged?: number;
  rowsWritten?: number;
  rowsUnchanged?: number;
  rowsFailed?: number;
  chunksWritten?: number;
}

/** Adds to a job's counters; callers run it inside the transaction that did the counted work. */
export function addToCounters(db: Db, id: string, delta: CounterDelta): void {
  db.prepare(
    `UPDATE jobs SET rows_parsed = rows_parsed + ?, rows_staged = rows_staged + ?,
       rows_written = rows_written + ?, rows_unchanged = rows_unchanged + ?, rows_failed = rows_failed + ?,
       chunks_written = chunks_written + ?, updated_at = ?
     WHERE id = ?`,
  ).run(
    delta.rowsParsed ?? 0,
    delta.rowsStaged ?? 0,
    delta.rowsWritten ?? 0,
    delta.rowsUnchanged ?? 0,
    delta.rowsFailed ?? 0,
    delta.chunksWritten ?? 0,
    new Date().toISOString(),
    id,
  );
}

/** Forgets what an interrupted parse staged, so parsing can start over from the first row. */
export function resetStaging(db: Db, id: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM staged_rows WHERE job_id = ?').run(id);
    db.prepare('DELETE FROM row_errors WHERE job_id = ?').run(id);
    db.prepare(
      `UPDATE jobs SET rows_parsed = 0, rows_staged = 0, rows_written = 0, rows_unchanged = 0, rows_failed = 0,
         chunks_written = 0, updated_at = ? WHERE id = ?`,
    ).run(new Date().toISOString(), id);
  })();
}
