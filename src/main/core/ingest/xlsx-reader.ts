import { basename } from 'node:path';
import ExcelJS, { type CellValue } from 'exceljs';
import { ImportFileError } from '../errors';
import { csvLine, type TabularItem } from './records';
import { ArchiveError, checkArchive } from './xlsx/archive-check';

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

interface NamedSheet {
  name?: string;
}
interface WorkbookModel {
  model?: { sheets?: { name: string }[] };
}

/**
 * Streams the rows of one worksheet (the first by default) with exceljs's streaming reader, after
 * the archive has passed the ZIP checks. Rows come out with their Excel row numbers.
 */
export async function* readXlsx(filePath: string, sheetName?: string): AsyncGenerator<TabularItem> {
  const fileName = basename(filePath);
  try {
    await checkArchive(filePath);
  } catch (error) {
    if (error instanceof ArchiveError) throw new ImportFileError(`${fileName}: ${error.message}`);
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new ImportFileError(`${fileName}: file not found at ${filePath}`);
    }
    throw error;
  }

  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const seen: string[] = [];
  try {
    for await (const sheet of workbook) {
      const name = (sheet as unknown as NamedSheet).name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      const wanted = sheetName ?? (workbook as unknown as WorkbookModel).model?.sheets?.[0]?.name ?? name;
      if (name !== wanted) continue;
      yield* sheetRows(sheet, fileName);
      return;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(
      `${fileName}: not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  throw new ImportFileError(
    sheetName
      ? `${fileName}: no worksheet named "${sheetName}" (found: ${seen.join(', ') || 'none'})`
      : `${fileName}: the workbook has no worksheet`,
  );
}

async function* sheetRows(sheet: ExcelJS.stream.xlsx.WorksheetReader, fileName: string): AsyncGenerator<TabularItem> {
  let width = 0;
  let previous = 0;
  for await (const row of sheet) {
    if (!Number.isInteger(row.number) || row.number <= previous) {
      throw new ImportFileError(`${fileName}: the workbook is damaged (row ${row.number} comes after row ${previous})`);
    }
    previous = row.number;
    if (row.number > EXCEL_LIMITS.rows)
      throw new ImportFileError(`${fileName}: row ${row.number} is past Excel's last row`);
    const count = Math.min(row.cellCount, EXCEL_LIMITS.columns + 1);
    const fields: string[] = [];
    for (let column = 1; column <= count; column++) fields.push(cellText(row.getCell(column).value));
    // Excel leaves out trailing empty cells: a short row is padded to the header, and empty
    // cells past it are dropped, so only a real extra value makes a row ragged.
    while (fields.length > width && fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
    if (width === 0) width = fields.length;
    while (fields.length < width) fields.push('');

    const base = { rowNo: row.number, lineNo: row.number, raw: csvLine(fields) };
    const tooLong = fields.findIndex((f) => f.length > EXCEL_LIMITS.cellChars);
    if (row.cellCount > EXCEL_LIMITS.columns) {
      yield { ok: false, problem: { ...base, message: `more than Excel's ${EXCEL_LIMITS.columns} columns` } };
    } else if (tooLong !== -1) {
      yield {
        ok: false,
        problem: {
          ...base,
          message: `column ${tooLong + 1} holds more than Excel's ${EXCEL_LIMITS.cellChars} characters a cell`,
        },
      };
    } else {
      yield { ok: true, record: { ...base, fields } };
    }
  }
}
