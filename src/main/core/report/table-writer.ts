import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { csvLine } from '../ingest/records';
import { safeCell } from './safe-cell';

export const TABLE_FORMATS = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
const UTF8_BOM = '\uFEFF';

/**
 * Writes a table to a file as it comes, one row at a time, so a report of 100,000 rows costs no
 * more memory than one of ten. Every cell passes safeCell: an exported file never runs formulas.
 * Gives the number of data rows written.
 */
export async function writeTable(
  file: string,
  format: TableFormat,
  columns: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
): Promise<number> {
  return format === 'csv' ? writeCsv(file, columns, rows) : writeXlsx(file, columns, rows);
}

async function writeCsv(
  file: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
): Promise<number> {
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (cells: readonly string[]): Promise<void> => {
    if (!out.write(`${csvLine(cells.map(safeCell))}\r\n`)) await Promise.race([once(out, 'drain'), failed]);
  };
  let count = 0;
  try {
    out.write(UTF8_BOM);
    await write(columns);
    for await (const row of rows) {
      await write(row);
      count++;
    }
  } finally {
    out.end();
  }
  await Promise.race([once(out, 'finish'), failed]);
  return count;
}

async function writeXlsx(
  file: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Rows');
  // Strings only: a cell is never typed as a formula, and safeCell covers apps that re-evaluate text.
  sheet.addRow(columns.map(safeCell)).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row.map(safeCell)).commit();
    count++;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}
