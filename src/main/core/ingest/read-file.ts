import { basename, extname } from 'node:path';
import { IMPORTABLE_EXTENSIONS } from '../../../preload/contract';
import { ImportFileError } from '../errors';
import { readCsv } from './csv-reader';
import { readJson } from './json-reader';
import type { RecordItem } from './records';
import { readXlsx } from './xlsx-reader';

const JSON_EXTENSIONS = ['.json', '.ndjson', '.jsonl'];

/** True for files of rows and columns (CSV, XLSX), whose first row is the header. */
export function isTabular(filePath: string): boolean {
  return !JSON_EXTENSIONS.includes(extname(filePath).toLowerCase());
}

/** The rows of a file, read by the reader its extension calls for. */
export function readRecords(filePath: string): AsyncGenerator<RecordItem> {
  const extension = extname(filePath).toLowerCase();
  if (extension === '.xlsx') return readXlsx(filePath);
  if (JSON_EXTENSIONS.includes(extension)) return readJson(filePath);
  if ((IMPORTABLE_EXTENSIONS as readonly string[]).includes(extension)) return readCsv(filePath);
  throw new ImportFileError(
    `${basename(filePath)}: cannot import ${extension || 'files without an extension'}; import CSV, XLSX or JSON files`,
  );
}
