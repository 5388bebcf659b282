import { BSON } from 'mongodb';
import type { RowError } from '../../../preload/contract';
import type { Db } from './database';
import { clearPlans } from './flights';
import { addToCounters } from './jobs';
import { insertRowErrors } from './row-errors';

export interface StagedRow {
  rowNo: number;
  entityCode: string;
  /** sha256 of the mapped document: equal hashes mean MongoDB already holds this content. */
  contentHash: string;
  doc: Record<string, unknown>;
}

/** A mapped row on its way into SQLite: its document already serialised, once. */
export interface StagingRow {
  rowNo: number;
  entityCode: string;
  contentHash: string;
  /** The document as canonical JSON (see ingest/content-hash.ts). */
  json: string;
  /** Where the row is in the file and its text there, should it turn out to repeat an entity. */
  lineNo: number;
  raw: string;
  fields: string[] | null;
}

export interface StageBatch {
  staged: StagingRow[];
  errors: RowError[];
  /** Records read from the file in this batch, good or bad. */
  parsed: number;
}

/** What to do with a row whose entity_code an earlier row of the same job already staged. */
export interface RepeatPolicy {
  duplicates: 'error' | 'last_wins';
  /** The column the entity code comes from, for the error row. */
  keyColumn: string;
}

/**
 * Writes one batch of parsed rows and its counters in a single transaction, to the job (or batch
 * part) `jobId` of the file given to job `fileJobId`. A row repeating an entity already staged
 * for the file, in any part, replaces it (last wins: the row moves to this part, and the part it
 * leaves counts it as repeated) or becomes an error row naming the earlier row. The unique
 * (file, entity) index finds repeats across the whole file, not in memory.
 */
export function stageBatch(db: Db, jobId: string, fileJobId: string, batch: StageBatch, repeats: RepeatPolicy): void {
  const insertRow = db.prepare(
    `INSERT INTO staged_rows (job_id, file_job_id, row_no, entity_code, content_hash, doc) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (file_job_id, entity_code) DO NOTHING`,
  );
  const earlierRow = db.prepare('SELECT job_id, row_no FROM staged_rows WHERE file_job_id = ? AND entity_code = ?');
  const replaceRow = db.prepare(
    'UPDATE staged_rows SET job_id = ?, row_no = ?, content_hash = ?, doc = ? WHERE file_job_id = ? AND entity_code = ?',
  );
  db.transaction(() => {
    const errors = [...batch.errors];
    let staged = 0;
    for (const row of batch.staged) {
      if (insertRow.run(jobId, fileJobId, row.rowNo, row.entityCode, row.contentHash, row.json).changes === 1) {
        staged++;
        continue;
      }
      const earlier = earlierRow.get(fileJobId, row.entityCode) as { job_id: string; row_no: number };
      if (repeats.duplicates === 'last_wins') {
        replaceRow.run(jobId, row.rowNo, row.contentHash, row.json, fileJobId, row.entityCode);
        addToCounters(db, earlier.job_id, { rowsStaged: -1, rowsRepeated: 1 });
        staged++;
        continue;
      }
      errors.push(repeatedEntityError(row, earlier.row_no, repeats.keyColumn));
    }
    insertRowErrors(db, jobId, errors);
    addToCounters(db, jobId, { rowsParsed: batch.parsed, rowsStaged: staged, rowsFailed: errors.length });
  })();
}

/** The error row of a row whose entity an earlier row of the file already gave, the first kept. */
export function repeatedEntityError(row: StagingRow, earlierRowNo: number, keyColumn: string): RowError {
  return {
    rowNo: row.rowNo,
    lineNo: row.lineNo,
    stage: 'validate',
    column: keyColumn,
    value: row.entityCode,
    message: `entity_code "${row.entityCode}" is already in row ${earlierRowNo} of this file; the first row is kept (a source can let the last row win instead)`,
    code: null,
    raw: row.raw,
    fields: row.fields,
    entityCode: row.entityCode,
  };
}

/** Drops the rows of a job that were never written: a cancelled job sends nothing more. */
export function discardPendingRows(db: Db, jobId: string): void {
  db.prepare("DELETE FROM staged_rows WHERE job_id = ? AND status = 'staged'").run(jobId);
}

export function countPendingRows(db: Db, jobId: string): number {
  const row = db.prepare("SELECT count(*) AS n FROM staged_rows WHERE job_id = ? AND status = 'staged'").get(jobId) as {
    n: number;
  };
  return row.n;
}

/**
 * The most document bytes in one chunk: far below MongoDB's 48 MB message limit (the driver
 * splits larger bulks itself, but one chunk is also one SQLite transaction and one retry).
 */
const CHUNK_MAX_BYTES = 8 * 1024 * 1024;

/**
 * The next rows still to be written, in file order: at most `limit` rows and, past the first,
 * at most `maxBytes` of documents, so that a chunk of wide rows stays far below MongoDB's 48 MB
 * message limit however many rows the source's chunk size allows.
 */
export function pendingRows(db: Db, jobId: string, limit: number, maxBytes = CHUNK_MAX_BYTES): StagedRow[] {
  const all = db
    .prepare(
      `SELECT row_no, entity_code, content_hash, doc FROM staged_rows
       WHERE job_id = ? AND status = 'staged' ORDER BY row_no LIMIT ?`,
    )
    .all(jobId, limit) as { row_no: number; entity_code: string; content_hash: string; doc: string }[];
  let bytes = 0;
  const rows = all.filter((r, i) => {
    bytes += r.doc.length;
    return i === 0 || bytes <= maxBytes;
  });
  return rows.map((r) => ({
    rowNo: r.row_no,
    entityCode: r.entity_code,
    contentHash: r.content_hash,
    doc: parseDocument(r.doc),
  }));
}

export interface ChunkOutcome {
  writtenRowNos: number[];
  unchangedRowNos: number[];
  /** Rows whose entity MongoDB holds from work queued later: not written, not an error. */
  supersededRowNos: number[];
  errors: RowError[];
}

/**
 * Records an acknowledged chunk: only called once MongoDB has answered for every row in it. Only
 * rows still pending are marked and counted, so a chunk that another process (the app beside the
 * CLI) recorded first is not counted twice.
 */
export function recordChunk(db: Db, jobId: string, outcome: ChunkOutcome): void {
  const mark = db.prepare("UPDATE staged_rows SET status = ? WHERE job_id = ? AND row_no = ? AND status = 'staged'");
  // One statement a status: a statement per row costs more than the rest of recording a chunk.
  const markAll = db.prepare(
    `UPDATE staged_rows SET status = ? WHERE job_id = ? AND status = 'staged'
       AND row_no IN (SELECT value FROM json_each(?))`,
  );
  const moved = (rowNos: readonly number[], status: string): number =>
    rowNos.length === 0 ? 0 : markAll.run(status, jobId, JSON.stringify(rowNos)).changes;
  db.transaction(() => {
    const written = moved(outcome.writtenRowNos, 'written');
    const unchanged = moved(outcome.unchangedRowNos, 'unchanged');
    const superseded = moved(outcome.supersededRowNos, 'superseded');
    // Failed rows one by one: each that moves gets its error row.
    const failed = outcome.errors.filter((e) => mark.run('failed', jobId, e.rowNo).changes === 1);
    clearPlans(db, jobId);
    if (written + unchanged + superseded + failed.length === 0) return;
    insertRowErrors(db, jobId, failed);
    addToCounters(db, jobId, {
      rowsWritten: written,
      rowsUnchanged: unchanged,
      rowsSuperseded: superseded,
      rowsFailed: failed.length,
      chunksWritten: 1,
    });
  })();
}

/**
 * A staged document back as an object. Typed dates are staged as Extended JSON `{"$date": ...}`
 * (plain JSON has no dates) and become BSON dates here; a source's own field names can never
 * start with $, so only dates take the slower EJSON path.
 */
function parseDocument(json: string): Record<string, unknown> {
  return (json.includes('{"$date":') ? BSON.EJSON.parse(json, { relaxed: true }) : JSON.parse(json)) as Record<
    string,
    unknown
  >;
}

/**
 * Forgets the sent rows of jobs that ended before `before`: their documents are in MongoDB, and
 * keeping them would grow the local file with every import. Rows that failed to write stay, to be
 * retried, and so do the error rows. SQLite reuses the freed pages for later imports.
 */
export function pruneSentRows(db: Db, before: Date): number {
  return db
    .prepare(
      `DELETE FROM staged_rows WHERE status IN ('written', 'unchanged') AND job_id IN (
         SELECT id FROM jobs WHERE state IN ('completed', 'completed_with_errors', 'cancelled', 'failed')
           AND updated_at < ?)`,
    )
    .run(before.toISOString()).changes;
}

/**
 * Puts the rows of a job that MongoDB refused back in the queue, and forgets their write errors:
 * a retry sends those rows and nothing else. Rows that failed validation stay failed, and so do
 * rows a retry import has since recovered or failed again (their content is older than the
 * retry's). Gives how many rows were queued again.
 */
export function requeueFailedRows(db: Db, jobId: string): number {
  return db.transaction(() => {
    const requeued = db
      .prepare(
        `UPDATE staged_rows SET status = 'staged' WHERE job_id = ? AND status = 'failed' AND NOT EXISTS (
           SELECT 1 FROM row_errors AS e WHERE e.job_id = staged_rows.job_id AND e.row_no = staged_rows.row_no
             AND (e.recovered_by IS NOT NULL OR e.superseded_by IS NOT NULL))`,
      )
      .run(jobId).changes;
    // The rows this job's failures superseded are outstanding again until the rows are resent.
    db.prepare(
      `UPDATE row_errors SET superseded_by = NULL WHERE superseded_by = ? AND entity_code IN (
         SELECT entity_code FROM row_errors WHERE job_id = ? AND stage = 'write' AND recovered_by IS NULL
           AND superseded_by IS NULL)`,
    ).run(jobId, jobId);
    db.prepare(
      "DELETE FROM row_errors WHERE job_id = ? AND stage = 'write' AND recovered_by IS NULL AND superseded_by IS NULL",
    ).run(jobId);
    addToCounters(db, jobId, { rowsFailed: -requeued });
    return requeued;
  })();
}
