import type { DecimalReading, DecimalSeparator } from '../../../preload/contract';
import { restoreCell } from '../report/safe-cell';
import type { JobProfile } from '../sources/profile';
import { parseNumber } from './convert';
import type { Header } from './mapping';
import type { SourceRecord } from './records';

/**
 * Rows of a CSV file whose number cells decide its decimal separator: 50, as for its delimiter,
 * or fewer when they hold more than 1 MB of text, since they wait in memory until it is decided.
 */
export const DECIMAL_SAMPLE_ROWS = 50;
export const DECIMAL_SAMPLE_CHARS = 1024 * 1024;

/**
 * The separator a file's numbers are read with when nothing in the file need decide it: for XLSX
 * the point its number cells are written with, whatever the source says (a number cell 1.234 read
 * with ',' would become 1234); else the source's. Null: a CSV file's first rows decide.
 */
export function givenDecimal(profile: JobProfile, format: 'csv' | 'xlsx'): DecimalReading | null {
  if (format === 'xlsx') {
    return { separator: '.', how: 'spreadsheet', note: "XLSX number cells are always written with '.'" };
  }
  if (profile.decimalSeparator !== null) {
    return { separator: profile.decimalSeparator, how: 'source', note: 'set by the source' };
  }
  return null;
}

/** The cells, by column, of the columns read as numbers in the sampled records. */
export function numberCells(header: Header, records: readonly SourceRecord[]): Map<string, string[]> {
  const cells = new Map<string, string[]>();
  for (const plan of header.mapped) {
    if (plan.type !== 'number' && plan.type !== 'integer') continue;
    cells.set(
      plan.column,
      records.map((record) => restoreCell(record.fields[plan.index] ?? '').trim()),
    );
  }
  return cells;
}

interface Evidence {
  column: string;
  text: string;
}

const where = ({ column, text }: Evidence): string => `"${text}" in ${column}`;

/**
 * Reads every sampled number cell both ways: a cell only one separator reads is a vote for it; a
 * cell both read alike (12) says nothing, one they read differently (1,234) is settled by the
 * votes. Without votes for exactly one separator, '.' is used and the reading says why.
 */
export function detectDecimalSeparator(columns: ReadonlyMap<string, readonly string[]>): DecimalReading {
  const first: Partial<Record<DecimalSeparator | 'either', Evidence>> = {};
  for (const [column, texts] of columns) {
    for (const text of texts) {
      const point = parseNumber(text, '.');
      const comma = parseNumber(text, ',');
      const kind =
        point === null ? (comma === null ? null : ',') : comma === null ? '.' : point !== comma ? 'either' : null;
      if (kind !== null) first[kind] ??= { column, text };
    }
  }
  const { '.': point, ',': comma, either } = first;
  if (point && !comma) return { separator: '.', how: 'detected', note: `detected from ${where(point)}` };
  if (comma && !point) return { separator: ',', how: 'detected', note: `detected from ${where(comma)}` };
  const why =
    columns.size === 0
      ? 'no column is read as a number'
      : point && comma
        ? `${where(point)} and ${where(comma)} disagree`
        : either
          ? `${where(either)} reads either way`
          : 'no number in the first rows has decimals';
  return {
    separator: '.',
    how: 'ambiguous',
    note: `not detected (${why}): read with '.'; set the source's decimal separator if the file writes 1.234,56`,
  };
}
