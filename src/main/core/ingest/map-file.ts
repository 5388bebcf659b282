import { basename } from 'node:path';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import { mapObject, mapRecord, problemRow, readHeader, type Header, type MappedRow } from './mapping';
import { fileFormat, readRecords } from './read-file';

/**
 * The data rows of a file, each mapped to a document or to an error row, under a profile. A
 * tabular file's header is handed to `onHeader` before its first row; blank lines are skipped.
 * A file that cannot be read at all (no header, not a workbook) throws ImportFileError.
 */
export async function* mapFile(
  filePath: string,
  profile: JobProfile,
  onHeader: (header: Header) => void,
  readerThread: string | null = null,
): AsyncGenerator<MappedRow> {
  const fileName = basename(filePath);
  const tabular = fileFormat(filePath) !== 'json';
  let header: Header | undefined;
  for await (const item of readRecords(filePath, profile, readerThread)) {
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
      header = readHeader(fileName, item.record.fields, profile);
      onHeader(header);
    } else if (item.record.fields.some((field) => field.trim() !== '')) {
      yield mapRecord(header, item.record, profile);
    }
  }
  if (tabular && !header) throw new ImportFileError(`${fileName}: the file is empty (no header row)`);
}
