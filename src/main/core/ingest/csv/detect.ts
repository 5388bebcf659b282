import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CSV_DELIMITERS as DELIMITERS, type CsvDelimiter, type CsvEncoding } from '../../../../preload/contract';
import { ImportFileError } from '../../errors';
import { RecordSplitter } from './record-splitter';

export interface CsvFormat {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

const SAMPLE_BYTES = 64 * 1024;
const SAMPLE_RECORDS = 50;

/** The encoding a byte order mark names, if the sample starts with one. */
function markedEncoding(sample: Uint8Array): CsvEncoding | null {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return null;
}

/** The encoding a byte order mark names, else UTF-8 when the bytes are valid UTF-8, else Windows-1252. */
export function detectEncoding(sample: Uint8Array): CsvEncoding {
  const marked = markedEncoding(sample);
  if (marked) return marked;
  try {
    // stream: a multi-byte character cut by the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Control characters text hardly ever holds, as decoded: all but tab, the line breaks, vertical
 * tab (a line break inside a cell in some exports) and form feed; C1 controls too, which
 * Windows-1252 gives its five unassigned bytes.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/**
 * Why the decoded start of a file shows it is not text, or null. A NUL is never text in any of
 * the encodings read (UTF-16's NUL bytes are gone once decoded); other control characters are
 * let pass while they are rare, since a stray one in an export is a cell's problem, not the file's.
 */
export function binaryEvidence(text: string): string | null {
  if (text.includes('\0')) return 'NUL bytes in the first 64 KiB';
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls * 100 <= text.length) return null;
  return `${controls.toLocaleString('en-US')} control characters among the first ${text.length.toLocaleString('en-US')} characters`;
}

/** The error of a file that is not text, which names what showed it and never echoes its bytes. */
export function notTextError(fileName: string, evidence: string): ImportFileError {
  return new ImportFileError(
    `${fileName}: not a text file (${evidence}; it may be an image, an archive or another binary file: ` +
      'a CSV file must be text in UTF-8, UTF-16 with a byte order mark, or Windows-1252)',
  );
}

function countOutsideQuotes(text: string, delimiter: string): number {
  let count = 0;
  let inQuotes = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === delimiter && !inQuotes) count++;
  }
  return count;
}

/**
 * The delimiter that splits the most sample records into the same number of fields; a file
 * with one column has none, and gets a comma.
 */
export function detectDelimiter(records: readonly string[]): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; consistent: number; fields: number } = {
    delimiter: ',',
    consistent: 0,
    fields: 0,
  };
  for (const delimiter of DELIMITERS) {
    const counts = records.filter((r) => r !== '').map((r) => countOutsideQuotes(r, delimiter));
    const frequency = new Map<number, number>();
    for (const c of counts) if (c > 0) frequency.set(c, (frequency.get(c) ?? 0) + 1);
    for (const [fields, consistent] of frequency) {
      if (consistent > best.consistent || (consistent === best.consistent && fields > best.fields)) {
        best = { delimiter, consistent, fields };
      }
    }
  }
  return best.delimiter;
}

/**
 * Reads the start of a CSV file and works out its encoding and delimiter; `marked` says the
 * encoding is a byte order mark's, which no setting overrides. A file that is not text at all
 * fails here (ImportFileError), before any of it becomes a header or a row.
 */
export async function detectCsvFormat(filePath: string): Promise<CsvFormat & { marked: boolean }> {
  const handle = await open(filePath, 'r');
  let sample: Uint8Array;
  let whole = false;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
    whole = bytesRead < SAMPLE_BYTES;
  } finally {
    await handle.close();
  }
  const encoding = detectEncoding(sample);
  const text = new TextDecoder(encoding).decode(sample, { stream: !whole });
  const evidence = binaryEvidence(text);
  if (evidence !== null) throw notTextError(basename(filePath), evidence);
  const splitter = new RecordSplitter(DELIMITERS);
  // A record the sample cut short is left out: end() is only called when the sample is the file.
  const split = splitter.push(text).concat(whole ? splitter.end() : []);
  const records = split.slice(0, SAMPLE_RECORDS).map((r) => r.text);
  return { encoding, delimiter: detectDelimiter(records), marked: markedEncoding(sample) !== null };
}

/**
 * The format to read a file in: a source's encoding and delimiter over the detected ones, except
 * that a byte order mark is certain where a source's encoding is a default (an error report the
 * app wrote, UTF-8 with a mark, reads back under a Windows-1252 source too).
 */
export function chosenFormat(
  detected: CsvFormat & { marked: boolean },
  given: { [K in keyof CsvFormat]?: CsvFormat[K] | null },
): CsvFormat {
  return {
    encoding: detected.marked ? detected.encoding : (given.encoding ?? detected.encoding),
    delimiter: given.delimiter ?? detected.delimiter,
  };
}
