import { ImportFileError } from '../errors';
import { contentHash } from './content-hash';
import type { RowError, StagedRow } from '../store/staged-rows';
import type { RecordProblem, SourceRecord } from './records';

export const ENTITY_CODE = 'entity_code';

export interface Header {
  columns: string[];
  entityCodeIndex: number;
}

export function readHeader(fileName: string, fields: readonly string[]): Header {
  const columns = fields.map((f) => f.trim());
  const blank = columns.findIndex((c) => c === '');
  if (blank !== -1) throw new ImportFileError(`${fileName}: row 1, column ${blank + 1}: the header cell is empty`);
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column))
      throw new ImportFileError(`${fileName}: row 1: the column "${column}" appears twice in the header`);
    seen.add(column);
  }
  const entityCodeIndex = columns.findIndex((c) => c.toLowerCase() === ENTITY_CODE);
  if (entityCodeIndex === -1) {
    throw new ImportFileError(
      `${fileName}: row 1: no "${ENTITY_CODE}" column in the header (found: ${columns.join(', ')})`,
    );
  }
  return { columns, entityCodeIndex };
}

export type MappedRow = { ok: true; row: StagedRow } | { ok: false; error: RowError };

/** Maps one data record to a document for the wholesaler, or says why it cannot be. */
export function mapRecord(header: Header, record: SourceRecord, wholesalerId: string): MappedRow {
  const fail = (column: string | null, value: string | null, message: string, stage: RowError['stage']): MappedRow => ({
    ok: false,
    error: { rowNo: record.rowNo, lineNo: record.lineNo, stage, column, value, message, code: null, raw: record.raw },
  });

  if (record.fields.length !== header.columns.length) {
    return fail(null, null, `expected ${header.columns.length} columns, found ${record.fields.length}`, 'parse');
  }
  const entityCode = (record.fields[header.entityCodeIndex] ?? '').trim();
  if (entityCode === '')
    return fail(header.columns[header.entityCodeIndex] ?? ENTITY_CODE, '', `${ENTITY_CODE} is empty`, 'validate');

  const doc: Record<string, unknown> = {};
  header.columns.forEach((column, i) => {
    if (i === header.entityCodeIndex) return;
    const value = (record.fields[i] ?? '').trim();
    // A blank cell means "no value", not an empty string, so it does not overwrite a stored field.
    if (value !== '') doc[column] = value;
  });
  doc.wholesaler_id = wholesalerId;
  doc[ENTITY_CODE] = entityCode;
  return { ok: true, row: { rowNo: record.rowNo, entityCode, contentHash: contentHash(doc), doc } };
}

/** A record the CSV reader could not read, as an error row of the parse stage. */
export function problemRow(problem: RecordProblem): RowError {
  return {
    rowNo: problem.rowNo,
    lineNo: problem.lineNo,
    stage: 'parse',
    column: null,
    value: null,
    message: problem.message,
    code: null,
    raw: problem.raw,
  };
}
