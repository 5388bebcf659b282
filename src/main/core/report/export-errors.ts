import type { ErrorFilter, ErrorRowView, ExportFormat } from '../../../preload/contract';
import { jobHeader } from '../store/batches';
import type { Db } from '../store/database';
import { jobProfileOf } from '../store/jobs';
import { allErrors } from '../store/row-errors';
import { isReportColumn, REPORT_COLUMNS } from './safe-cell';
import { DEFAULT_LAYOUT, writeTable } from './table-writer';

/** A JSON item (or a document sent) as an object, when the raw text is one. */
function rawObject(raw: string | null): Record<string, unknown> | null {
  if (raw === null || !raw.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const cellText = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/**
 * An error row as the file's columns: a tabular row's cells by their header, a JSON item's
 * fields by name; any other row is given whole in the first column, to be fixed there.
 */
function cellsByColumn(error: ErrorRowView, header: string[] | null): Map<string, string> {
  if (header === null) {
    const object = rawObject(error.raw);
    if (object) return new Map(Object.entries(object).map(([key, value]) => [key, cellText(value)]));
  } else if (error.fields !== null && error.fields.length === header.length) {
    return new Map(header.map((column, i) => [column, error.fields?.[i] ?? '']));
  }
  // A row with more or fewer cells than the header, or a refused row whose file changed before
  // its row could be read again (its text is the document sent), is never half put back.
  return new Map([['', error.raw ?? '']]);
}

/**
 * The columns of the report: the files' own in their order (the first file's first, then any
 * another file adds), JSON items' fields in the order first seen; the old error columns of a
 * report imported again are left out, as the report adds its own.
 */
function reportColumns(
  db: Db,
  jobIds: readonly string[],
  headers: ReadonlyMap<string, string[] | null>,
  filter: ErrorFilter,
): string[] {
  const columns = new Set<string>();
  for (const header of headers.values()) {
    for (const column of header ?? []) if (!isReportColumn(column)) columns.add(column);
  }
  if ([...headers.values()].includes(null)) {
    for (const error of allErrors(db, jobIds, filter)) {
      if (headers.get(error.jobId)) continue;
      for (const key of Object.keys(rawObject(error.raw) ?? {})) if (!isReportColumn(key)) columns.add(key);
    }
  }
  // A report of rows none of which has columns still gives them, whole, in one.
  return columns.size > 0 ? [...columns] : ['row'];
}

/**
 * Writes the outstanding error rows of some jobs that match the filter to a CSV or XLSX file,
 * streamed: the original columns in their order, then error_stage, error_column and
 * error_message. Fixed and imported again, the file is recognised as a retry of those rows.
 * Gives the number of rows written.
 */
export async function exportErrors(
  db: Db,
  jobIds: readonly string[],
  filter: ErrorFilter,
  format: ExportFormat,
  file: string,
): Promise<number> {
  const headers = new Map(jobIds.map((id) => [id, jobHeader(db, id)]));
  const columns = reportColumns(db, jobIds, headers, filter);
  const first = columns[0] ?? '';
  function* rows(): Generator<string[]> {
    for (const error of allErrors(db, jobIds, filter)) {
      const cells = cellsByColumn(error, headers.get(error.jobId) ?? null);
      const whole = cells.get('');
      yield [
        ...columns.map((column) => (whole !== undefined && column === first ? whole : (cells.get(column) ?? ''))),
        error.stage,
        error.column ?? '',
        error.message,
      ];
    }
  }
  // Written the way the first job's source reads files, so the fixed report imports under it.
  const profile = jobIds[0] === undefined ? null : jobProfileOf(db, jobIds[0]);
  const layout = {
    delimiter: profile?.delimiter ?? DEFAULT_LAYOUT.delimiter,
    sheet: profile?.sheet ?? DEFAULT_LAYOUT.sheet,
  };
  return writeTable(file, format, [...columns, ...REPORT_COLUMNS], rows(), layout);
}
