import type { ErrorFilter, ErrorPage, ErrorRowView, ErrorSummary, RowError } from '../../../preload/contract';
import { placeholders, type Db } from './database';
import { messageGroup } from './message-group';

export function insertRowErrors(db: Db, jobId: string, errors: readonly RowError[]): void {
  if (errors.length === 0) return;
  const insert = db.prepare(
    `INSERT INTO row_errors (job_id, row_no, line_no, stage, column_name, value, message, code, raw, fields,
       entity_code, message_group)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of errors) {
    insert.run(
      jobId,
      e.rowNo,
      e.lineNo,
      e.stage,
      e.column,
      e.value,
      e.message,
      e.code,
      e.raw,
      e.fields && JSON.stringify(e.fields),
      e.entityCode,
      messageGroup(e.message),
    );
  }
}

interface ErrorRow {
  id: number;
  job_id: string;
  file_name: string;
  row_no: number | null;
  line_no: number | null;
  stage: RowError['stage'];
  column_name: string | null;
  value: string | null;
  message: string;
  code: string | null;
  raw: string | null;
  fields: string | null;
  entity_code: string | null;
}

function toError(r: ErrorRow): ErrorRowView {
  return { id: r.id, jobId: r.job_id, fileName: r.file_name, ...toRowError(r) };
}

function toRowError(r: ErrorRow): RowError {
  return {
    rowNo: r.row_no,
    lineNo: r.line_no,
    stage: r.stage,
    column: r.column_name,
    value: r.value,
    message: r.message,
    code: r.code,
    raw: r.raw,
    fields: r.fields === null ? null : (JSON.parse(r.fields) as string[]),
    entityCode: r.entity_code,
  };
}

const SELECT_ERRORS = `SELECT e.id, e.job_id, j.file_name, e.row_no, e.line_no, e.stage, e.column_name, e.value,
  e.message, e.code, e.raw, e.fields, e.entity_code FROM row_errors AS e JOIN jobs AS j ON j.id = e.job_id`;

/** The error rows of one job, recovered ones included, in file order. */
export function listRowErrors(db: Db, jobId: string, limit = -1): RowError[] {
  const rows = db
    .prepare(`${SELECT_ERRORS} WHERE e.job_id = ? ORDER BY e.row_no, e.id LIMIT ?`)
    .all(jobId, limit) as ErrorRow[];
  return rows.map(toRowError);
}

/**
 * The WHERE clause of a filter over the outstanding error rows of some jobs (rows a retry
 * recovered, and rows that failed again in a later retry, whose own error row takes their place,
 * are left out), and its parameters.
 */
function filtered(jobIds: readonly string[], filter: ErrorFilter): { where: string; params: unknown[] } {
  const clauses = [`e.job_id IN (${placeholders(jobIds.length)})`, 'e.recovered_by IS NULL', 'e.superseded_by IS NULL'];
  const params: unknown[] = [...jobIds];
  if (filter.stage !== null) {
    clauses.push('e.stage = ?');
    params.push(filter.stage);
  }
  if (filter.column !== null) {
    clauses.push('e.column_name = ?');
    params.push(filter.column);
  }
  if (filter.group !== null) {
    clauses.push('e.message_group = ?');
    params.push(filter.group);
  }
  const text = filter.text.trim();
  if (text !== '') {
    // instr, not LIKE: the user's text is matched as typed, % and _ included.
    clauses.push("instr(lower(e.message || ' ' || coalesce(e.value, '') || ' ' || coalesce(e.raw, '')), lower(?)) > 0");
    params.push(text);
  }
  return { where: clauses.join(' AND '), params };
}

/**
 * Outstanding error rows read through their own index (job, group, stage, column), which holds
 * what counts and groups need: SQLite's planner, without statistics, would take the plain job
 * index and read every row.
 */
const OUTSTANDING = 'row_errors AS e INDEXED BY row_errors_outstanding';

/** Jobs in the order their rows are listed: batch parts in order (retries last), a file's split parts in order. */
function inFileOrder(db: Db, jobIds: readonly string[]): string[] {
  return (
    db
      .prepare(
        `SELECT id FROM jobs WHERE id IN (${placeholders(jobIds.length)})
         ORDER BY upload_part IS NULL, upload_part, created_at, batch_part, id`,
      )
      .all(...jobIds) as { id: string }[]
  ).map((job) => job.id);
}

/**
 * A page of the matching error rows, in file order. Rows are counted per job, and the page read
 * from the job it starts in along that job's (row, id) index: a page deep into 100,000 rows costs
 * a few milliseconds instead of a sort of them all.
 */
export function queryErrors(
  db: Db,
  jobIds: readonly string[],
  filter: ErrorFilter,
  offset: number,
  limit: number,
): ErrorPage {
  const { where, params } = filtered(jobIds, filter);
  const counts = new Map(
    (
      db
        .prepare(`SELECT e.job_id AS id, count(*) AS n FROM ${OUTSTANDING} WHERE ${where} GROUP BY e.job_id`)
        .all(...params) as { id: string; n: number }[]
    ).map((row) => [row.id, row.n]),
  );
  const rows: ErrorRowView[] = [];
  let skip = offset;
  for (const id of inFileOrder(db, jobIds)) {
    const count = counts.get(id) ?? 0;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const one = filtered([id], filter);
    const page = db
      .prepare(`${SELECT_ERRORS} WHERE ${one.where} ORDER BY e.row_no, e.id LIMIT ? OFFSET ?`)
      .all(...one.params, limit - rows.length, skip) as ErrorRow[];
    rows.push(...page.map(toError));
    skip = 0;
    if (rows.length >= limit) break;
  }
  return { total: [...counts.values()].reduce((sum, n) => sum + n, 0), rows };
}

/** Rows an export reads at a time. */
const EXPORT_PAGE = 2000;

/**
 * Every matching error row in file order, a page at a time: an export never holds them all. Job
 * after job, each read along its (row, id) index from where the last page ended, so a page costs
 * the same at the end of 100,000 rows as at the start; no statement stays open between pages
 * (better-sqlite3 lets nothing else use the connection while one does, and the engine writes
 * progress on it while a report is written).
 */
export function* allErrors(db: Db, jobIds: readonly string[], filter: ErrorFilter): Generator<ErrorRowView> {
  for (const id of inFileOrder(db, jobIds)) {
    const { where, params } = filtered([id], filter);
    // Errors of no one row (row_no NULL) come first, as they do in file order.
    yield* (
      db.prepare(`${SELECT_ERRORS} WHERE ${where} AND e.row_no IS NULL ORDER BY e.id`).all(...params) as ErrorRow[]
    ).map(toError);
    const page = db.prepare(
      `${SELECT_ERRORS} WHERE ${where} AND (e.row_no, e.id) > (?, ?) ORDER BY e.row_no, e.id LIMIT ${EXPORT_PAGE}`,
    );
    for (let after = [0, 0]; ;) {
      const rows = page.all(...params, ...after) as ErrorRow[];
      yield* rows.map(toError);
      const last = rows.at(-1);
      if (!last || rows.length < EXPORT_PAGE) break;
      after = [last.row_no ?? 0, last.id];
    }
  }
}

export function summarizeErrors(db: Db, jobIds: readonly string[], filter: ErrorFilter): ErrorSummary {
  const { where, params } = filtered(jobIds, filter);
  const groups = db
    .prepare(
      `SELECT e.message_group AS "group", e.stage, count(*) AS count FROM ${OUTSTANDING} WHERE ${where}
       GROUP BY e.message_group, e.stage ORDER BY count DESC, e.message_group`,
    )
    .all(...params) as ErrorSummary['groups'];
  // The column choices ignore the column filter itself, so another column can be picked.
  const columns = filtered(jobIds, { ...filter, column: null });
  const names = db
    .prepare(
      `SELECT DISTINCT e.column_name AS name FROM ${OUTSTANDING} WHERE ${columns.where} AND e.column_name IS NOT NULL
       ORDER BY e.column_name`,
    )
    .all(...columns.params) as { name: string }[];
  return { total: groups.reduce((sum, g) => sum + g.count, 0), groups, columns: names.map((n) => n.name) };
}
