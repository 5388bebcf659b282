import type { DecimalSeparator, PreviewColumn, RowError } from '../../../preload/contract';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import { isReportColumn, restoreCell } from '../report/safe-cell';
import type { StagingRow } from '../store/staged-rows';
import { normalizeName, suggestField } from './auto-map';
import { canonicalJson, contentHash, jsonKey } from './content-hash';
import { convert } from './convert';
import { fieldPathProblem, headerField, storableName } from './field-path';
import { APP_FIELDS, ENTITY_CODE, WHOLESALER_ID } from './keys';
import type { ObjectRecord, RecordProblem, SourceRecord } from './records';

/** The header's columns as a message lists them: the first 20, and how many more (a sheet can have 16,384). */
function foundColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 20).join(', ');
  return columns.length > 20 ? `${shown} and ${(columns.length - 20).toLocaleString('en-US')} more` : shown;
}

/** A mapped column and where it sits in the header. */
export interface ColumnPlan extends PreviewColumn {
  /** 0-based position in the header. */
  index: number;
}

/** A node of the document being built: a field filled from a column, the key, or a nested object. */
interface FieldNode {
  /** The field name, already quoted as a JSON key. */
  key: string;
  name: string;
  slot?: number;
  children?: FieldNode[];
}

export interface Header {
  columns: readonly string[];
  /** The columns that fill fields, in header order. */
  mapped: ColumnPlan[];
  /** Columns left out of the documents. */
  unmapped: string[];
  /** Index into `mapped` of the entity_code column. */
  entitySlot: number;
  /** The document's fields in canonical (sorted) order at every depth, so a row serialises once. */
  tree: FieldNode[];
}

const headerError = (fileName: string, where: string, message: string): ImportFileError =>
  new ImportFileError(`${fileName}: row 1${where}: ${message}`);

/** The column names a header row gives: trimmed, and a cell an export neutralised (`'-discount`) as it was. */
export function headerColumns(fields: readonly string[]): string[] {
  return fields.map((f) => restoreCell(f.trim()));
}

/** Works out from the header's column names which column fills which field, under the source's rules. */
export function readHeader(fileName: string, columns: readonly string[], profile: JobProfile): Header {
  const blank = columns.findIndex((c) => c === '');
  if (blank !== -1) throw headerError(fileName, `, column ${blank + 1}`, 'the header cell is empty');
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) throw headerError(fileName, '', `the column "${column}" appears twice in the header`);
    seen.add(column);
  }

  const rules = new Map(profile.columns.map((rule) => [normalizeName(rule.column), rule]));
  const byColumn = new Map<number, ColumnPlan | null>();
  // An exported error report, fixed and imported again, brings its error columns along.
  columns.forEach((column, index) => {
    if (isReportColumn(column)) byColumn.set(index, null);
  });
  const taken = new Set<string>();
  const claim = (plan: ColumnPlan): void => {
    byColumn.set(plan.index, plan);
    taken.add(plan.field);
  };
  // Rules first, then headers that are a known field's own name, then synonyms: "entity_code"
  // beats "SKU" for the key, and the column that loses keeps its own name.
  columns.forEach((column, index) => {
    const rule = rules.get(normalizeName(column));
    if (!rule) return;
    if (rule.field === null) byColumn.set(index, null);
    else claim({ index, column, field: rule.field, type: rule.type, required: rule.required, by: 'rule', note: null });
  });
  for (const exactOnly of [true, false]) {
    columns.forEach((column, index) => {
      if (byColumn.has(index)) return;
      const known = suggestField(column);
      if (!known || known.exact !== exactOnly || taken.has(known.field)) return;
      claim({ index, column, field: known.field, type: known.type, required: false, by: 'synonym', note: null });
    });
  }
  const unmapped: string[] = [];
  columns.forEach((column, index) => {
    if (byColumn.has(index)) return;
    // The job's wholesaler is the key: a column of that name never overrides it.
    if (profile.unmapped === 'ignore' || normalizeName(column) === normalizeName(WHOLESALER_ID)) {
      byColumn.set(index, null);
      return;
    }
    const { field, note } = headerField(column, index);
    const problem = fieldPathProblem(field);
    if (problem)
      throw headerError(fileName, `, column ${index + 1}`, `${problem}; rename the column or map it in the source`);
    claim({ index, column, field, type: 'string', required: false, by: 'name', note });
  });

  const mapped: ColumnPlan[] = [];
  columns.forEach((column, index) => {
    const plan = byColumn.get(index);
    if (plan) mapped.push(plan);
    else unmapped.push(column);
  });
  const missing = profile.columns.filter(
    (rule) => rule.required && !columns.some((c) => normalizeName(c) === normalizeName(rule.column)),
  );
  if (missing.length > 0) {
    throw headerError(
      fileName,
      '',
      `the required column${missing.length > 1 ? 's' : ''} ${missing.map((r) => `"${r.column}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing (found: ${foundColumns(columns)})`,
    );
  }
  const entitySlot = mapped.findIndex((plan) => plan.field === ENTITY_CODE);
  if (entitySlot === -1) {
    throw headerError(
      fileName,
      '',
      `no column gives the ${ENTITY_CODE} (found: ${foundColumns(columns)}); name one "${ENTITY_CODE}" or "SKU", or map one in the source`,
    );
  }
  return { columns, mapped, unmapped, entitySlot, tree: fieldTree(fileName, mapped) };
}

const byName = (a: FieldNode, b: FieldNode): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Nests the mapped fields by their dot paths; a field that is both a value and an object is refused. */
function fieldTree(fileName: string, mapped: readonly ColumnPlan[]): FieldNode[] {
  const root: FieldNode[] = [{ key: jsonKey(WHOLESALER_ID), name: WHOLESALER_ID, slot: -1 }];
  const owner = new Map<FieldNode, string>();
  mapped.forEach((plan, slot) => {
    let level = root;
    const parts = plan.field.split('.');
    parts.forEach((name, depth) => {
      const last = depth === parts.length - 1;
      let node = level.find((n) => n.name === name);
      if (node && (last || node.children === undefined)) {
        const other = owner.get(node) ?? WHOLESALER_ID;
        throw headerError(
          fileName,
          '',
          `the columns "${other}" and "${plan.column}" both fill the field ${parts.slice(0, depth + 1).join('.')}; map one of them elsewhere`,
        );
      }
      if (!node) {
        node = last ? { key: jsonKey(name), name, slot } : { key: jsonKey(name), name, children: [] };
        owner.set(node, plan.column);
        level.push(node);
      }
      level = node.children ?? level;
    });
  });
  const sort = (nodes: FieldNode[]): FieldNode[] => {
    nodes.sort(byName);
    for (const node of nodes) if (node.children) sort(node.children);
    return nodes;
  };
  return sort(root);
}

/** The JSON of a node's fields, or null when every field under it is absent. */
function emit(nodes: readonly FieldNode[], values: readonly (string | undefined)[], wholesaler: string): string | null {
  let out = '';
  for (const node of nodes) {
    const json = node.children
      ? emit(node.children, values, wholesaler)
      : node.slot === -1
        ? wholesaler
        : values[node.slot ?? 0];
    if (json === undefined || json === null) continue;
    out += (out === '' ? '{' : ',') + node.key + ':' + json;
  }
  return out === '' ? null : out + '}';
}

export type MappedRow = { ok: true; row: StagingRow } | { ok: false; error: RowError };

interface CellProblem {
  column: string;
  value: string;
  message: string;
}

/**
 * Maps one data record to a document under the source's rules, its numbers read with the file's
 * decimal separator, or says everything wrong with it.
 */
export function mapRecord(
  header: Header,
  record: SourceRecord,
  profile: JobProfile,
  decimalSeparator: DecimalSeparator,
): MappedRow {
  const where: Where = {
    rowNo: record.rowNo,
    lineNo: record.lineNo,
    raw: record.raw,
    fields: record.fields,
    entityCode: null,
  };
  if (record.fields.length !== header.columns.length) {
    return rowError(
      where,
      'parse',
      null,
      null,
      `expected ${header.columns.length} columns, found ${record.fields.length}`,
    );
  }
  const values: (string | undefined)[] = [];
  const problems: CellProblem[] = [];
  let entityCode = '';
  for (const plan of header.mapped) {
    const cell = restoreCell(record.fields[plan.index] ?? '');
    const isKey = plan.field === ENTITY_CODE;
    const text = profile.trim || isKey ? cell.trim() : cell;
    if (isKey) {
      entityCode = text;
      where.entityCode = text === '' ? null : text;
    }
    if (profile.trim || isKey ? text === '' : text.trim() === '') {
      if (plan.required || isKey)
        problems.push({ column: plan.column, value: cell, message: `${isKey ? ENTITY_CODE : plan.column} is empty` });
      values.push(profile.blanks === 'empty' ? (plan.type === 'string' ? '""' : 'null') : undefined);
      continue;
    }
    if (plan.type === 'string') {
      // Most cells are text, and text needs no conversion: the common case stays cheap.
      values.push(JSON.stringify(text));
      continue;
    }
    const converted = convert(text, plan.type, decimalSeparator);
    if (converted.ok)
      values.push(
        typeof converted.value === 'object' ? canonicalJson(converted.value) : JSON.stringify(converted.value),
      );
    else {
      problems.push({ column: plan.column, value: cell, message: `${plan.column}: ${converted.message}` });
      values.push(undefined);
    }
  }
  const first = problems[0];
  if (first) {
    return rowError(where, 'validate', first.column, first.value, problems.map((p) => p.message).join('; '));
  }
  return finish(emit(header.tree, values, JSON.stringify(profile.wholesalerId)) ?? '{}', entityCode, where);
}

/** A record the reader could not read, as an error row of the parse stage. */
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
    fields: null,
    entityCode: null,
  };
}

/** MongoDB's document limit, less room for the fields sync adds. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface Where {
  rowNo: number;
  lineNo: number;
  raw: string;
  /** The cells of a tabular record; null for a JSON item. */
  fields: string[] | null;
  entityCode: string | null;
}

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
  return {
    ok: true,
    row: {
      rowNo: where.rowNo,
      entityCode,
      contentHash: contentHash(json),
      json,
      lineNo: where.lineNo,
      raw: where.raw,
      fields: where.fields,
    },
  };
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
  const where: Where = { rowNo: item.rowNo, lineNo: item.lineNo, raw: item.raw, fields: null, entityCode: null };
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
  where.entityCode = entityCode;
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
