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

const LEADING_BLANK_LINES = /^[\r\n]+/;
const TRAILING_LINE_BREAK = /\r?\n$|\r$/;

/** Streams a CSV file record by record; memory stays flat whatever the file size. */
export async function* readCsv(filePath: string): AsyncGenerator<CsvRecord> {
  const fileName = basename(filePath);
  const source = createReadStream(filePath);
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
  });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let rowNo = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      rowNo++;
      // raw carries the empty lines skipped before the record; its own line breaks tell where it began.
      const raw = item.raw.replace(LEADING_BLANK_LINES, '').replace(TRAILING_LINE_BREAK, '');
      const lineNo = item.info.lines - (raw.match(/\n/g)?.length ?? 0);
      yield { fields: item.record, rowNo, lineNo, raw };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFileError(`${fileName}: ${error.message}`);
    if (isNodeError(error) && error.code === 'ENOENT') throw new ImportFileError(`${fileName}: file not found at ${filePath}`);
    throw error;
  } finally {
    source.destroy();
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
