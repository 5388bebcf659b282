import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { ImportFileError } from '../errors';

export interface CsvRecord {
  fields: string[];
  /** 1-based record number, the header being row 1: the row a spreadsheet shows. */
  rowNo: number;
  /** 1-based line where the record starts: what a text editor shows. */
  lineNo: number;
  /** The record as written in the file, without its line break. */
  raw: string;
}

const LEADING_BLANK_LINES = /^\n+/;
const TRAILING_LINE_BREAK = /\n$/;

/** One line break, whichever convention the file uses. */
const normalizeBreaks = (text: string): string => text.replace(/\r\n?/g, '\n');
const countBreaks = (text: string): number => text.match(/\n/g)?.length ?? 0;

/** Streams a CSV file record by record; memory stays flat whatever the file size. */
export async function* readCsv(filePath: string): AsyncGenerator<CsvRecord> {
  const fileName = basename(filePath);
  const source = createReadStream(filePath);
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    raw: true,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let rowNo = 0;
  // Counted from the raw text rather than csv-parse's info.lines, which miscounts CRLF breaks
  // inside quoted fields.
  let linesBefore = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      rowNo++;
      const text = normalizeBreaks(item.raw);
      const blank = LEADING_BLANK_LINES.exec(text)?.[0].length ?? 0;
      const raw = text.slice(blank).replace(TRAILING_LINE_BREAK, '');
      yield { fields: item.record, rowNo, lineNo: linesBefore + blank + 1, raw };
      linesBefore += countBreaks(text);
    }
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ImportFileError(
        `${fileName}: line ${linesBefore + 1}: a quoted field opened in this record is never closed (the file ends inside it)`,
      );
    }
    if (error instanceof CsvError) throw new ImportFileError(`${fileName}: ${error.message}`);
    if (isNodeError(error) && error.code === 'ENOENT')
      throw new ImportFileError(`${fileName}: file not found at ${filePath}`);
    throw error;
  } finally {
    source.destroy();
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
