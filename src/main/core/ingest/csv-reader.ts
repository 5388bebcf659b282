import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { ImportFileError } from '../errors';
import { chosenFormat, detectCsvFormat, notTextError, type CsvFormat } from './csv/detect';
import { RecordSplitter, RecordTooLongError, type RawRecord } from './csv/record-splitter';
import type { TabularItem } from './records';

/** A batch ends at whichever comes first, so wide rows do not pile up in memory. */
const BATCH_RECORDS = 500;
const BATCH_CHARS = 1024 * 1024;

const QUOTE_MESSAGES: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE:
    'a quoted field is followed by other text before the next delimiter (a quote inside a field must be doubled: "")',
  INVALID_OPENING_QUOTE: 'a quote stands inside an unquoted field (quote the field and double the quote: "")',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
};
const UNTERMINATED = 'a quoted field is never closed (it runs to the end of the file or past 32,767 characters)';

function describe(error: unknown): string {
  if (error instanceof CsvError) return QUOTE_MESSAGES[error.code] ?? error.message.replace(/ at line \d+.*$/, '');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads records with csv-parse, a batch at a time; a batch that fails is read record by record
 * so that only the bad records become problems. A bad record that spans several lines is most
 * likely a stray quote that swallowed the lines after it: its first line is the problem and
 * reading resumes on the next line.
 */
class RecordParser {
  private rowNo = 0;

  constructor(private readonly delimiter: string) {}

  *items(records: readonly RawRecord[]): Generator<TabularItem> {
    if (records.every((r) => !r.unterminated)) {
      const parsed = this.tryParse(records.map((r) => r.text).join('\n'));
      if (parsed?.length === records.length) {
        for (let i = 0; i < records.length; i++) yield this.ok(records[i] as RawRecord, parsed[i] as string[]);
        return;
      }
    }
    for (const record of records) yield* this.one(record);
  }

  private *one(record: RawRecord): Generator<TabularItem> {
    if (record.unterminated) {
      yield this.problem(record, UNTERMINATED);
      return;
    }
    let fields: string[] | undefined;
    let failure: unknown;
    try {
      fields = this.parse(record.text)[0] ?? [''];
    } catch (error) {
      failure = error;
    }
    if (fields) {
      yield this.ok(record, fields);
      return;
    }
    const lineBreak = /\r\n|\r|\n/.exec(record.text);
    if (!lineBreak) {
      yield this.problem(record, describe(failure));
      return;
    }
    yield this.problem({ ...record, text: record.text.slice(0, lineBreak.index) }, describe(failure));
    const rest = new RecordSplitter([this.delimiter], record.lineNo + 1);
    const resplit = rest.push(record.text.slice(lineBreak.index + lineBreak[0].length)).concat(rest.end());
    for (const again of resplit) yield* this.one(again);
  }

  private parse(text: string): string[][] {
    return parse(text, { delimiter: this.delimiter, relax_column_count: true, record_delimiter: '\n' });
  }

  private tryParse(text: string): string[][] | undefined {
    try {
      return this.parse(text);
    } catch {
      return undefined;
    }
  }

  private ok(record: RawRecord, fields: string[]): TabularItem {
    return { ok: true, record: { fields, rowNo: ++this.rowNo, lineNo: record.lineNo, raw: record.text } };
  }

  private problem(record: RawRecord, message: string): TabularItem {
    return { ok: false, problem: { rowNo: ++this.rowNo, lineNo: record.lineNo, raw: record.text, message } };
  }
}

/**
 * Streams a CSV file record by record in the file's own encoding and delimiter (detected unless
 * given); memory stays flat whatever the file size. Records that are not valid CSV come out as
 * problems, and reading goes on.
 */
export async function* readCsv(filePath: string, given: Partial<CsvFormat> = {}): AsyncGenerator<TabularItem> {
  const fileName = basename(filePath);
  let format: CsvFormat;
  try {
    format = chosenFormat(await detectCsvFormat(filePath), given);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new ImportFileError(`${fileName}: file not found at ${filePath}`);
    }
    throw error;
  }
  // fatal for UTF-8: a byte that is not UTF-8 means the guess was wrong, and the data must not be
  // silently replaced. Windows-1252 decodes every byte.
  const decoder = new TextDecoder(format.encoding, { fatal: format.encoding === 'utf-8' });
  const splitter = new RecordSplitter([format.delimiter]);
  const parser = new RecordParser(format.delimiter);
  let pending: RawRecord[] = [];
  let pendingChars = 0;
  let bytes = 0;

  const decode = (chunk?: Buffer): string => {
    const at = `in the 64 KiB starting at byte ${bytes.toLocaleString('en-US')}`;
    let text: string;
    try {
      text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new ImportFileError(
        `${fileName}: not valid UTF-8 ${at}; the file may be in another encoding such as Windows-1252`,
      );
    }
    // The start was found to be text; binary data further on must not reach a row either.
    if (text.includes('\0')) throw notTextError(fileName, `a NUL byte ${at}`);
    return text;
  };

  const split = (text: string | null): RawRecord[] => {
    try {
      return text === null ? splitter.end() : splitter.push(text);
    } catch (error) {
      if (error instanceof RecordTooLongError) throw new ImportFileError(`${fileName}: ${error.message}`);
      throw error;
    }
  };

  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    for (const record of split(decode(chunk))) {
      pending.push(record);
      pendingChars += record.text.length;
      if (pending.length >= BATCH_RECORDS || pendingChars >= BATCH_CHARS) {
        yield* parser.items(pending);
        pending = [];
        pendingChars = 0;
      }
    }
    bytes += chunk.length;
  }
  pending.push(...split(decode()), ...split(null));
  yield* parser.items(pending);
}
