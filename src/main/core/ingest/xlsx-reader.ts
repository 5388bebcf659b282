import { basename } from 'node:path';
import { ImportFileError } from '../errors';
import { csvLine, type TabularItem } from './records';
import { ArchiveError, WorkbookArchive } from './xlsx/archive';
import { readSharedStrings } from './xlsx/shared-strings';
import { readSheetRows, type SheetRow } from './xlsx/sheet';
import { readStyles } from './xlsx/styles';
import { pickSheet, readWorkbook } from './xlsx/workbook';

export { EXCEL_LIMITS } from './xlsx/values';

/** The most of a row's text an error row keeps. */
const ERROR_RAW_CHARS = 64 * 1024;

/** A workbook's own problem as the job's error, naming the file. */
function fileError(fileName: string, filePath: string, error: unknown): unknown {
  if (error instanceof ArchiveError) return new ImportFileError(`${fileName}: ${error.message}`);
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    return new ImportFileError(`${fileName}: file not found at ${filePath}`);
  }
  return error;
}

/**
 * Rows as records: the header's width decides a row's, since a writer leaves out trailing empty
 * cells (a short row is padded; only a real extra value makes a row ragged).
 */
class SheetRecords {
  private width = -1;

  item({ rowNo, cells, problem }: SheetRow): TabularItem {
    if (this.width === -1) this.width = cells.length;
    while (cells.length < this.width) cells.push('');
    const line = csvLine(cells);
    // An error row keeps the start of a huge row only: enough to find it, not megabytes per row.
    const raw = problem !== null && line.length > ERROR_RAW_CHARS ? `${line.slice(0, ERROR_RAW_CHARS)}…` : line;
    const base = { rowNo, lineNo: rowNo, raw };
    return problem === null
      ? { ok: true, record: { ...base, fields: cells } }
      : { ok: false, problem: { ...base, message: problem } };
  }
}

/**
 * Streams the rows of one worksheet (the named one, else the first visible one) with their Excel
 * row numbers, each cell as text by the rules of docs/ingestion.md ("Cell values"). The archive is
 * read with yauzl and each part with saxes, every limit checked as the bytes come
 * (`xlsx/archive.ts`, `xlsx/xml.ts`): a hostile workbook ends in a clear error, memory bounded.
 */
export async function* readXlsx(filePath: string, sheetName?: string): AsyncGenerator<TabularItem> {
  const fileName = basename(filePath);
  let archive: WorkbookArchive | null = null;
  try {
    archive = await WorkbookArchive.open(filePath);
    const workbook = await readWorkbook(archive);
    const sheet = pickSheet(workbook, sheetName);
    const styles = await readStyles(archive, workbook.styles);
    const strings = await readSharedStrings(archive, workbook.sharedStrings);
    const records = new SheetRecords();
    const batches = readSheetRows(archive, sheet.part, {
      strings,
      styles,
      date1904: workbook.date1904,
      staleFormulas: workbook.staleFormulas,
    });
    for await (const rows of batches) for (const row of rows) yield records.item(row);
  } catch (error) {
    throw fileError(fileName, filePath, error);
  } finally {
    archive?.close();
  }
}
