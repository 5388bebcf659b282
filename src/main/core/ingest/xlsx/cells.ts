import type { CellValue } from 'exceljs';

/** Excel's own limits: nothing Excel wrote passes them. */
export const EXCEL_LIMITS = { rows: 1_048_576, columns: 16_384, cellChars: 32_767 } as const;

/** Numbers as their digits: never exponent notation, so codes typed as numbers survive. */
function numberText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return Number.isInteger(value)
    ? BigInt(value).toString()
    : value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A date as ISO 8601: the day alone when the cell holds no time of day. */
function dateText(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A cell as the text a catalog manager sees: rich text flattened, formulas as their cached result. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('hyperlink' in value) return cellText(value.text);
  if ('error' in value) return value.error;
  return '';
}
