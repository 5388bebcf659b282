import { basename, extname } from 'node:path';
import { IMPORTABLE_EXTENSIONS, type CsvDelimiter, type CsvEncoding } from '../../../preload/contract';
import type { EnvelopeFields } from '../batches/metadata';
import { ImportFileError } from '../errors';
import type { CsvFormat } from './csv/detect';
import { readCsv } from './csv-reader';
import { readJson } from './json-reader';
import type { RecordItem, TabularItem } from './records';
import { itemsFromThread } from './thread-stream';
import { readXlsx } from './xlsx-reader';

const JSON_EXTENSIONS = ['.json', '.ndjson', '.jsonl'];

export type FileFormat = 'csv' | 'xlsx' | 'json';

/** The format a file's extension calls for. */
export function fileFormat(filePath: string): FileFormat {
  const extension = extname(filePath).toLowerCase();
  if (extension === '.xlsx') return 'xlsx';
  if (JSON_EXTENSIONS.includes(extension)) return 'json';
  if ((IMPORTABLE_EXTENSIONS as readonly string[]).includes(extension)) return 'csv';
  throw new ImportFileError(
    `${basename(filePath)}: cannot import ${extension || 'files without an extension'}; import CSV, XLSX or JSON files`,
  );
}

/** How to read a file where detection is not wanted: a source's overrides. */
export interface ReadOptions {
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  sheet: string | null;
}

/** What the CSV reading thread (`reader-thread.ts`) is given. */
export interface CsvReadTask {
  filePath: string;
  format: Partial<CsvFormat>;
  batchSize: number;
}

/** Records a batch from the CSV reading thread holds: small enough to keep memory flat. */
const THREAD_BATCH_RECORDS = 500;

/**
 * The rows of a file, read by the reader its extension calls for. Given the reading thread's
 * entry, a CSV file is read there, beside this thread (XLSX has a thread of its own already).
 * A JSON envelope's batch fields go to `onEnvelope`.
 */
export function readRecords(
  filePath: string,
  options: ReadOptions,
  readerThread: string | null = null,
  onEnvelope?: (fields: EnvelopeFields) => void,
): AsyncGenerator<RecordItem> {
  const format = fileFormat(filePath);
  if (format === 'xlsx') return readXlsx(filePath, options.sheet ?? undefined);
  if (format === 'json') return readJson(filePath, onEnvelope);
  const csvFormat: Partial<CsvFormat> = {
    ...(options.encoding && { encoding: options.encoding }),
    ...(options.delimiter && { delimiter: options.delimiter }),
  };
  if (readerThread === null) return readCsv(filePath, csvFormat);
  const task: CsvReadTask = { filePath, format: csvFormat, batchSize: THREAD_BATCH_RECORDS };
  return itemsFromThread<TabularItem>(readerThread, task);
}
