import type { DecimalSeparator, FieldType } from '../../../preload/contract';
import { gtinProblem } from './gtin';

/** A typed value, ready for the document's JSON; a date is kept as Extended JSON `{$date}`. */
export type Converted = { ok: true; value: unknown } | { ok: false; message: string };

const NUMBER_PATTERNS: Record<DecimalSeparator, RegExp> = {
  // 1234.56, 1,234.56, -0.5, .5; thousands separated by commas in groups of three
  '.': /^[-+]?(\d{1,3}(,\d{3})+|\d*)(\.\d+)?$/,
  // 1234,56, 1.234,56, 1 234,56; thousands by dots, spaces or no-break spaces
  ',': /^[-+]?(\d{1,3}([. \u00a0\u202f]\d{3})+|\d*)(,\d+)?$/,
};

/** A number written in the source's locale, or null; NaN and the infinities never pass. */
export function parseNumber(text: string, decimalSeparator: DecimalSeparator): number | null {
  const compact = text.trim();
  if (!/\d/.test(compact) || !NUMBER_PATTERNS[decimalSeparator].test(compact)) return null;
  const plain =
    decimalSeparator === '.' ? compact.replace(/,/g, '') : compact.replace(/[. \u00a0\u202f]/g, '').replace(',', '.');
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0']);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** An ISO 8601 date or date-time (UTC unless it names an offset), or a European dd.mm.yyyy date. */
export function parseDate(text: string): Date | null {
  const iso = ISO_DATE.exec(text);
  const dotted = iso ? null : DOTTED_DATE.exec(text);
  if (!iso && !dotted) return null;
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : [Number(dotted?.[3]), Number(dotted?.[2]), Number(dotted?.[1])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: a date that does not round-trip does not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (!iso?.[4]) return date;
  const offset = iso[8] ?? 'Z';
  const stamp = `${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${iso[7] ?? ''}${offset === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  const time = new Date(stamp);
  return Number.isNaN(time.getTime()) ? null : time;
}

const EXAMPLES: Record<DecimalSeparator, string> = { '.': '1,234.56', ',': '1.234,56' };

/**
 * Why a cell is not a number; when it would be one with the other separator, the message names
 * the setting that reads it, since a wrong separator fails every row alike.
 */
function notANumber(text: string, decimalSeparator: DecimalSeparator): string {
  const other = decimalSeparator === '.' ? ',' : '.';
  const read = `decimal separator '${decimalSeparator}'`;
  if (parseNumber(text, other) === null)
    return `"${text}" is not a number (read with ${read}, as in ${EXAMPLES[decimalSeparator]})`;
  return (
    `"${text}" is not a number read with ${read} (as in ${EXAMPLES[decimalSeparator]}); ` +
    `if the file writes ${EXAMPLES[other]}, set the source's decimal separator (decimal_separator) to '${other}'`
  );
}

/** Converts a cell's text to the field's type, or says why it cannot be. */
export function convert(text: string, type: FieldType, decimalSeparator: DecimalSeparator): Converted {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number':
    case 'integer': {
      const value = parseNumber(text, decimalSeparator);
      if (value === null) return { ok: false, message: notANumber(text, decimalSeparator) };
      if (type === 'integer' && !Number.isSafeInteger(value)) {
        return { ok: false, message: `"${text}" is not a whole number` };
      }
      return { ok: true, value };
    }
    case 'boolean': {
      const word = text.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, message: `"${text}" is not true or false (yes/no, 1/0 also work)` };
    }
    case 'date': {
      const date = parseDate(text.trim());
      if (!date) return { ok: false, message: `"${text}" is not a date (write 2024-03-31 or 31.03.2024)` };
      return { ok: true, value: { $date: date.toISOString() } };
    }
    case 'gtin': {
      const problem = gtinProblem(text.trim());
      return problem ? { ok: false, message: problem } : { ok: true, value: text.trim() };
    }
  }
}
