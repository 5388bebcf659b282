import { basename } from 'node:path';
import type { DecimalReading, DecimalSeparator } from '../../../preload/contract';
import type { EnvelopeFields } from '../batches/metadata';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import {
  DECIMAL_SAMPLE_CHARS,
  DECIMAL_SAMPLE_ROWS,
  detectDecimalSeparator,
  givenDecimal,
  numberCells,
} from './decimal';
import { headerColumns, mapObject, mapRecord, problemRow, readHeader, type Header, type MappedRow } from './mapping';
import { fileFormat, readRecords } from './read-file';
import type { RecordItem, SourceRecord } from './records';

/** What a file says besides its rows. */
export interface FileHooks {
  /** A tabular file's header, before its first row. */
  onHeader: (header: Header) => void;
  /** A tabular file's header cells as read, before they are mapped (and may be refused). */
  onColumns?: (columns: string[]) => void;
  /** A JSON envelope's batch fields, once the envelope is read. */
  onEnvelope?: (fields: EnvelopeFields) => void;
  /** How a tabular file's numbers are read, before its first row (a CSV file's first rows may decide). */
  onDecimal?: (reading: DecimalReading) => void;
}

/** A data record that is not a blank line. */
const dataRecord = (item: RecordItem): SourceRecord | null =>
  item.ok && 'record' in item && item.record.fields.some((field) => field.trim() !== '') ? item.record : null;

/** An item read after the header: a document, an error row, or nothing for a blank line. */
function mapItem(item: RecordItem, header: Header, profile: JobProfile, separator: DecimalSeparator): MappedRow | null {
  if (!item.ok) return { ok: false, error: problemRow(item.problem) };
  const record = dataRecord(item);
  return record && mapRecord(header, record, profile, separator);
}

/**
 * The data rows of a file, each mapped to a document or to an error row, under a profile; blank
 * lines are skipped. A file that cannot be read at all (no header, not a workbook) throws
 * ImportFileError.
 */
export async function* mapFile(
  filePath: string,
  profile: JobProfile,
  { onHeader, onColumns, onEnvelope, onDecimal }: FileHooks,
  readerThread: string | null = null,
): AsyncGenerator<MappedRow> {
  const fileName = basename(filePath);
  const format = fileFormat(filePath);
  let decimal = format === 'json' ? null : givenDecimal(profile, format);
  let header: Header | undefined;
  // A CSV file's first rows wait here while their number cells decide its decimal separator.
  let held: RecordItem[] = [];
  let heldChars = 0;
  /** Decides the decimal separator from the rows held, then maps them in the order they came. */
  function* release(known: Header): Generator<MappedRow> {
    const sample = held.map(dataRecord).filter((record) => record !== null);
    const reading = detectDecimalSeparator(numberCells(known, sample));
    decimal = reading;
    onDecimal?.(reading);
    for (const waiting of held) {
      const mapped = mapItem(waiting, known, profile, reading.separator);
      if (mapped) yield mapped;
    }
    held = [];
    heldChars = 0;
  }

  for await (const item of readRecords(filePath, profile, readerThread, onEnvelope)) {
    if (header && decimal) {
      const mapped = mapItem(item, header, profile, decimal.separator);
      if (mapped) yield mapped;
    } else if (header) {
      // A blank line gives nothing, so it is not held; long rows end the sample early, so that
      // what is held stays small.
      if (item.ok && !dataRecord(item)) continue;
      held.push(item);
      heldChars += (item.ok ? ('record' in item ? item.record : item.object) : item.problem).raw.length;
      if (held.length >= DECIMAL_SAMPLE_ROWS || heldChars >= DECIMAL_SAMPLE_CHARS) yield* release(header);
    } else if (!item.ok) {
      if (format !== 'json') {
        throw new ImportFileError(
          `${fileName}: line ${item.problem.lineNo}: the header row cannot be read: ${item.problem.message}`,
        );
      }
      yield { ok: false, error: problemRow(item.problem) };
    } else if ('object' in item) {
      yield mapObject(item.object, profile.wholesalerId);
    } else {
      const columns = headerColumns(item.record.fields);
      onColumns?.(columns);
      header = readHeader(fileName, columns, profile);
      onHeader(header);
      if (decimal) onDecimal?.(decimal);
    }
  }
  if (header && !decimal) yield* release(header);
  if (!header && format !== 'json') throw new ImportFileError(`${fileName}: the file is empty (no header row)`);
}
