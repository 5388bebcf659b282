import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Worksheet } from 'exceljs';
import type { ExportFormat } from '../../../preload/contract';
import { csvLine } from '../ingest/records';
import { safeCell } from './safe-cell';

/** How the file is laid out: a report reads back under the source its rows came from. */
export interface TableLayout {
  /** The CSV delimiter. */
  delimiter: string;
  /** The XLSX worksheet's name. */
  sheet: string;
}

export const DEFAULT_LAYOUT: TableLayout = { delimiter: ',', sheet: 'Rows' };

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
const UTF8_BOM = '\uFEFF';

/**
 * Writes a table to a file as it comes, one row at a time, so a report of 100,000 rows costs no
 * more memory than one of ten. Every cell passes safeCell: an exported file never runs formulas.
 * Gives the number of data rows written.
 */
export async function writeTable(
  file: string,
  format: ExportFormat,
  columns: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  layout: TableLayout = DEFAULT_LAYOUT,
): Promise<number> {
  try {
    return await (format === 'csv' ? writeCsv(file, columns, rows, layout) : writeXlsx(file, columns, rows, layout));
  } catch (error) {
    // Half a report must not pass for a whole one.
    await rm(file, { force: true }).catch(() => undefined);
    throw new Error(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function writeCsv(
  file: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  { delimiter }: TableLayout,
): Promise<number> {
  const out = createWriteStream(file);
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (cells: readonly string[]): Promise<void> => {
    if (!out.write(`${csvLine(cells.map(safeCell), delimiter)}\r\n`)) await Promise.race([once(out, 'drain'), failed]);
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

/** Rows the XLSX writer adds between two waits for the ZIP stream to catch up. */
const XLSX_ROWS_BETWEEN_WAITS = 500;

/** What exceljs's sheet stream (its StreamBuf) passes rows on to: the ZIP entry being deflated. */
interface SheetStream {
  pipes?: NodeJS.WritableStream[];
}

/**
 * Waits until what the sheet has written so far is compressed and on its way to the file:
 * exceljs takes rows synchronously and its sheet stream ignores backpressure, so without these
 * waits a whole report would pile up in memory before the first bytes reached the disk.
 */
async function catchUp(sheet: Worksheet, out: WriteStream): Promise<void> {
  const pipes = (sheet as unknown as { stream: SheetStream }).stream.pipes ?? [];
  // An empty write's callback runs once everything written before it has been taken in.
  await Promise.all(
    pipes.map(
      (pipe) =>
        new Promise<void>((resolve) => {
          pipe.write(Buffer.alloc(0), () => {
            resolve();
          });
        }),
    ),
  );
  if (out.writableNeedDrain) await once(out, 'drain');
}

async function writeXlsx(
  file: string,
  columns: readonly string[],
  rows: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
  { sheet: sheetName }: TableLayout,
): Promise<number> {
  // Loaded when a workbook is written: exceljs costs some 20 MB, which an import never needs here.
  const { default: ExcelJS } = await import('exceljs');
  const out = createWriteStream(file);
  // A file that cannot be opened or written fails the export at once, not the process later.
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  // Strings only: a cell is never typed as a formula, and safeCell covers apps that re-evaluate text.
  sheet.addRow(columns.map(safeCell)).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row.map(safeCell)).commit();
    if (++count % XLSX_ROWS_BETWEEN_WAITS === 0) await Promise.race([catchUp(sheet, out), failed]);
  }
  sheet.commit();
  await Promise.race([workbook.commit(), failed]);
  return count;
}
