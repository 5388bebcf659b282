import { extname } from 'node:path';
import type { BatchInput } from '../../../preload/contract';

/**
 * `part3of10`, `part-03-of-10`, `part_3_of_10`, `Part 3 of 10`: the word "part", the part number,
 * "of", the number of parts, with any of space, dot, dash or underscore between (docs/batches.md).
 */
const PART_IN_NAME = /(^|[^a-z0-9])(part[\s._-]*)(\d{1,6})([\s._-]*of[\s._-]*)(\d{1,6})(?![0-9])/i;

/**
 * The batch a file's name places it in. The batch id is the name with the part number replaced
 * by `*` (the total without leading zeros) and the extension dropped, so every part of
 * `catalog-part-03-of-10.xlsx` is in `catalog-part-*-of-10`, whatever its format.
 */
export function batchFromFileName(fileName: string): BatchInput | null {
  const stem = fileName.slice(0, fileName.length - extname(fileName).length);
  const match = PART_IN_NAME.exec(stem);
  if (!match) return null;
  const [, before = '', word = '', part = '', of = '', total = ''] = match;
  if (Number(part) === 0 || Number(total) === 0) return null;
  return {
    batchId: stem.replace(PART_IN_NAME, `${before}${word}*${of}${Number(total)}`),
    part: Number(part),
    totalParts: Number(total),
    totalItems: null,
  };
}

/**
 * A name that no longer reads as a part (`catalog_part2of3` becomes `catalog_p2of3`): an error
 * report named after its file must not be taken for that part when it is imported again.
 */
export function withoutPartNumber(name: string): string {
  return name.replace(PART_IN_NAME, (match) => match.replace(/part/i, 'p'));
}

/** The envelope's batch fields, as the JSON file has them (any type: they are checked here). */
export type EnvelopeFields = Partial<
  Record<'batch_id' | 'batch_part' | 'batch_total_parts' | 'batch_total_items' | 'timestamp', unknown>
>;
export const ENVELOPE_FIELDS: readonly (keyof EnvelopeFields)[] = [
  'batch_id',
  'batch_part',
  'batch_total_parts',
  'batch_total_items',
  'timestamp',
];

/**
 * The envelope's timestamp as ms since 1970: an ISO 8601 date or date-time, UTC unless it names
 * its offset. Null when absent; undefined when it is not such a date (the file is then ordered by
 * when it was queued).
 */
export function envelopeTime(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const [, day, time = '00:00', zone = 'Z'] = match;
  const ms = Date.parse(`${day}T${time}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

const wholeNumber = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? value
    : typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) && Number(value) > 0
      ? Number(value)
      : null;

/**
 * The batch an envelope names, or why its fields cannot be taken: a file whose batch fields are
 * wrong is imported all the same, outside the batch, and the job says why.
 */
export function batchFromEnvelope(
  fileName: string,
  fields: EnvelopeFields,
): { batch: BatchInput | null; problem: string | null } {
  const { batch_id: id, batch_part: part, batch_total_parts: parts, batch_total_items: items } = fields;
  if (id === undefined || id === null) return { batch: null, problem: null };
  const batchId = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
  const problem = (what: string): { batch: null; problem: string } => ({
    batch: null,
    problem: `${fileName}: the envelope's ${what}, so the file is not counted as a part of batch "${batchId || JSON.stringify(id)}"`,
  });
  if (batchId === '' || batchId.length > 200) return problem('batch_id is not text of 1 to 200 characters');
  const partNo = wholeNumber(part);
  if (partNo === null)
    return problem(
      `batch_part (${part === undefined ? 'missing' : JSON.stringify(part)}) is not a whole number above 0`,
    );
  const total = parts === undefined || parts === null ? null : wholeNumber(parts);
  if (total === null && parts !== undefined && parts !== null) {
    return problem(`batch_total_parts (${JSON.stringify(parts)}) is not a whole number above 0`);
  }
  const totalItems = items === undefined || items === null ? null : wholeNumber(items);
  if (totalItems === null && items !== undefined && items !== null) {
    return problem(`batch_total_items (${JSON.stringify(items)}) is not a whole number above 0`);
  }
  return { batch: { batchId, part: partNo, totalParts: total, totalItems }, problem: null };
}
