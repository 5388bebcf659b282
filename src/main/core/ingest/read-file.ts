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

/** A CSV or XLSX file to read, in this thread or in the reading thread (`reader-thread.ts`). */
export type TabularReadTask = { filePath: string } & (
  { format: 'csv'; csv: Partial<CsvFormat> } | { format: 'xlsx'; sheet: string | undefined }
);

/** The records of a CSV or XLSX file. */
export function readTabular(task: TabularReadTask): AsyncGenerator<TabularItem> {
  return task.format === 'xlsx' ? readXlsx(task.filePath, task.sheet) : readCsv(task.filePath, task.csv);
}

/**
 * The rows of a file, read by the reader its extension calls for. Given the reading thread's
 * entry, a CSV or XLSX file is read there, beside this thread. A JSON envelope's batch fields go
 * to `onEnvelope`.
 */
export function readRecords(
  filePath: string,
  options: ReadOptions,
  readerThread: string | null = null,
  onEnvelope?: (fields: EnvelopeFields) => void,
): AsyncGenerator<RecordItem> {
  const format = fileFormat(filePath);
  if (format === 'json') return readJson(filePath, onEnvelope);
  const task: TabularReadTask =
    format === 'xlsx'
      ? { filePath, format, sheet: options.sheet ?? undefined }
      : {
          filePath,
          format,
          csv: {
            ...(options.encoding && { encoding: options.encoding }),
            ...(options.delimiter && { delimiter: options.delimiter }),
          },
        };
  return readerThread === null ? readTabular(task) : itemsFromThread<TabularItem>(readerThread, task);
}
