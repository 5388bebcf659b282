import { ImportFileError } from '../errors';
import { APP_FIELDS } from '../sync/document';
import { canonicalJson, contentHash } from './content-hash';
import type { RowError, StagingRow } from '../store/staged-rows';
import type { ObjectRecord, RecordProblem, SourceRecord } from './records';

export const ENTITY_CODE = 'entity_code';
export const WHOLESALER_ID = 'wholesaler_id';

export interface Header {
  columns: string[];
  entityCodeIndex: number;
  /** Where each document field comes from, in canonical (sorted) order, so that serialising a
   * row's document gives its canonical JSON without sorting it again. */
  plan: { field: string; from: number | 'entity' | 'wholesaler' }[];
}

const byField = (a: { field: string }, b: { field: string }): number =>
  a.field < b.field ? -1 : a.field > b.field ? 1 : 0;

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
  columns.forEach((column, i) => {
    const problem = fieldNameProblem(column);
    if (problem) throw new ImportFileError(`${fileName}: row 1, column ${i + 1}: ${problem}; rename the column`);
  });
  const entityCodeIndex = columns.findIndex((c) => c.toLowerCase() === ENTITY_CODE);
  if (entityCodeIndex === -1) {
    throw new ImportFileError(
      `${fileName}: row 1: no "${ENTITY_CODE}" column in the header (found: ${columns.join(', ')})`,
    );
  }
  // The job's wholesaler and the row's entity code are the key: a column of that name does not override them.
  const plan: Header['plan'] = columns
    .map((field, from) => ({ field, from: from }))
    .filter(({ field, from }) => from !== entityCodeIndex && field !== WHOLESALER_ID);
  plan.push({ field: ENTITY_CODE, from: 'entity' }, { field: WHOLESALER_ID, from: 'wholesaler' });
  return { columns, entityCodeIndex, plan: plan.sort(byField) };
}

export type MappedRow = { ok: true; row: StagingRow } | { ok: false; error: RowError };

/** Maps one data record to a document for the wholesaler, or says why it cannot be. */
export function mapRecord(header: Header, record: SourceRecord, wholesalerId: string): MappedRow {
  const where: Where = { rowNo: record.rowNo, lineNo: record.lineNo, raw: record.raw };
  if (record.fields.length !== header.columns.length) {
    return rowError(
      where,
      'parse',
      null,
      null,
      `expected ${header.columns.length} columns, found ${record.fields.length}`,
    );
  }
  const entityCode = (record.fields[header.entityCodeIndex] ?? '').trim();
  if (entityCode === '') {
    return rowError(
      where,
      'validate',
      header.columns[header.entityCodeIndex] ?? ENTITY_CODE,
      '',
      `${ENTITY_CODE} is empty`,
    );
  }
  const doc: Record<string, string> = {};
  for (const { field, from } of header.plan) {
    const value =
      from === 'entity' ? entityCode : from === 'wholesaler' ? wholesalerId : (record.fields[from] ?? '').trim();
    // A blank cell means "no value", not an empty string, so it does not overwrite a stored field.
    if (value !== '') doc[field] = value;
  }
  return finish(JSON.stringify(doc), entityCode, where);
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

/** MongoDB's document limit, less room for the fields sync adds. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 - 64 * 1024;

type Where = Pick<RowError, 'rowNo' | 'lineNo' | 'raw'>;

function rowError(
  where: Where,
  stage: RowError['stage'],
  column: string | null,
  value: string | null,
  message: string,
): MappedRow {
  return { ok: false, error: { ...where, stage, column, value, message, code: null } };
}

/** Checks what MongoDB would refuse of a document given as canonical JSON, and hashes it. */
function finish(json: string, entityCode: string, where: Where): MappedRow {
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_DOCUMENT_BYTES) {
    return rowError(
      where,
      'validate',
      null,
      null,
      `the row would make a document of ${bytes} bytes, over MongoDB's 16 MB limit`,
    );
  }
  return { ok: true, row: { rowNo: where.rowNo ?? 0, entityCode, contentHash: contentHash(json), json } };
}

/** MongoDB stores a name as given only when it is not empty, has no dot and no leading $. */
const storableName = (name: string): boolean => name !== '' && !name.startsWith('$') && !name.includes('.');

/** Why a top-level field name cannot come from a source, or null when it can. */
function fieldNameProblem(name: string): string | null {
  if (APP_FIELDS.includes(name)) return `"${name}" is a field the app writes itself`;
  if (!storableName(name))
    return `the name "${name}" cannot be a MongoDB field (it may not start with $ or contain a dot)`;
  return null;
}

/** The first field name, at any depth, that MongoDB cannot store as given. */
function badFieldName(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const entry of value) {
      const bad = badFieldName(entry, path);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (!storableName(key)) return here;
    const bad = badFieldName(inner, here);
    if (bad !== null) return bad;
  }
  return null;
}

/**
 * Maps one JSON item: its fields become the document as they are (types and nesting kept), keyed
 * by the job's wholesaler and the item's entity_code. An _id in the item is dropped: the
 * document's _id comes from its key.
 */
export function mapObject(item: ObjectRecord, wholesalerId: string): MappedRow {
  const where: Where = { rowNo: item.rowNo, lineNo: item.lineNo, raw: item.raw };
  const fields = { ...item.value };
  delete fields._id;
  const code = fields[ENTITY_CODE];
  const entityCode =
    typeof code === 'string' ? code.trim() : typeof code === 'number' && Number.isSafeInteger(code) ? String(code) : '';
  if (entityCode === '') {
    const message =
      code === undefined || code === null || code === ''
        ? `${ENTITY_CODE} is missing`
        : `${ENTITY_CODE} must be text or a whole number below 2^53 (a larger number loses digits: send it as text)`;
    return rowError(where, 'validate', ENTITY_CODE, code === undefined ? null : JSON.stringify(code), message);
  }
  const reserved = Object.keys(fields).find((key) => APP_FIELDS.includes(key));
  if (reserved !== undefined) {
    return rowError(
      where,
      'validate',
      reserved,
      null,
      `"${reserved}" is a field the app writes itself; rename it in the source`,
    );
  }
  const bad = badFieldName(fields);
  if (bad !== null) {
    return rowError(
      where,
      'validate',
      bad,
      null,
      `the field name "${bad}" cannot be stored in MongoDB (a name may not be empty, start with $ or contain a dot)`,
    );
  }
  return finish(
    canonicalJson({ ...fields, [WHOLESALER_ID]: wholesalerId, [ENTITY_CODE]: entityCode }),
    entityCode,
    where,
  );
}
