import { basename, extname } from 'node:path';
import { IMPORTABLE_EXTENSIONS } from '../../../preload/contract';
import { ImportFileError } from '../errors';
import { readCsv } from './csv-reader';
import type { RecordItem } from './records';
import { readXlsx } from './xlsx-reader';

/** The rows of a file, read by the reader its extension calls for. */
export function readRecords(filePath: string): AsyncGenerator<RecordItem> {
  const extension = extname(filePath).toLowerCase();
  if (extension === '.xlsx') return readXlsx(filePath);
  if ((IMPORTABLE_EXTENSIONS as readonly string[]).includes(extension)) return readCsv(filePath);
  throw new ImportFileError(
    `${basename(filePath)}: cannot import ${extension || 'files without an extension'}; import CSV or XLSX files`,
  );
}
