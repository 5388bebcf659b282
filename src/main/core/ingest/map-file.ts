import { basename } from 'node:path';
import type { EnvelopeFields } from '../batches/metadata';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import { headerColumns, mapObject, mapRecord, problemRow, readHeader, type Header, type MappedRow } from './mapping';
import { fileFormat, readRecords } from './read-file';

/** What a file says besides its rows. */
export interface FileHooks {
  /** A tabular file's header, before its first row. */
  onHeader: (header: Header) => void;
  /** A tabular file's header cells as read, before they are mapped (and may be refused). */
  onColumns?: (columns: string[]) => void;
  /** A JSON envelope's batch fields, once the envelope is read. */
  onEnvelope?: (fields: EnvelopeFields) => void;
}

/**
 * The data rows of a file, each mapped to a document or to an error row, under a profile; blank
 * lines are skipped. A file that cannot be read at all (no header, not a workbook) throws
 * ImportFileError.
 */
export async function* mapFile(
  filePath: string,
  profile: JobProfile,
  { onHeader, onColumns, onEnvelope }: FileHooks,
  readerThread: string | null = null,
): AsyncGenerator<MappedRow> {
  const fileName = basename(filePath);
  const tabular = fileFormat(filePath) !== 'json';
  let header: Header | undefined;
  for await (const item of readRecords(filePath, profile, readerThread, onEnvelope)) {
    if (!item.ok) {
      if (tabular && !header) {
        throw new ImportFileError(
          `${fileName}: line ${item.problem.lineNo}: the header row cannot be read: ${item.problem.message}`,
        );
      }
      yield { ok: false, error: problemRow(item.problem) };
    } else if ('object' in item) {
      yield mapObject(item.object, profile.wholesalerId);
    } else if (!header) {
      const columns = headerColumns(item.record.fields);
      onColumns?.(columns);
      header = readHeader(fileName, columns, profile);
      onHeader(header);
    } else if (item.record.fields.some((field) => field.trim() !== '')) {
      yield mapRecord(header, item.record, profile);
    }
  }
  if (tabular && !header) throw new ImportFileError(`${fileName}: the file is empty (no header row)`);
}
