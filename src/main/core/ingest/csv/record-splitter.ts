/** One record's text as it stands in the file, without its line break. */
export interface RawRecord {
  text: string;
  /** 1-based line where the record starts. */
  lineNo: number;
  /** True when a quoted field that began in this record was never closed. */
  unterminated: boolean;
}

/** Excel's limit for one cell: a quoted field longer than this is taken for a quote never closed. */
export const MAX_FIELD_CHARS = 32_767;
/** No document may pass 16 MB, so neither may the record it comes from; this also keeps a file
 * without line breaks from filling memory. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export class RecordTooLongError extends Error {
  override name = 'RecordTooLongError';
  constructor(readonly lineNo: number) {
    super(`line ${lineNo}: a record runs past 16 MB without ending; the file holds no rows that could be imported`);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Splits decoded CSV text into records, streaming: a line break ends a record unless it stands
 * inside quotes. Doubled quotes ("") toggle twice, so RFC 4180 escaping needs no special case.
 * The scan resumes where the last chunk ended, so a long record costs one pass, not one per chunk.
 */
export class RecordSplitter {
  private buffer = '';
  /** Scan state of the record being read, which starts at buffer[0]. */
  private pos = 0;
  private inQuotes = false;
  private quoteOpenedAt = 0;
  private breaks = 0;

  constructor(private line = 1) {}

  /** Adds text; returns the records it completed. */
  push(text: string): RawRecord[] {
    this.buffer += text;
    return this.drain(false);
  }

  /** Ends the input; returns what was left. */
  end(): RawRecord[] {
    return this.drain(true);
  }

  private drain(atEnd: boolean): RawRecord[] {
    const out: RawRecord[] = [];
    const buf = this.buffer;
    let start = 0;
    let i = this.pos;
    while (i < buf.length) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) {
        this.inQuotes = !this.inQuotes;
        if (this.inQuotes) this.quoteOpenedAt = i;
        i++;
        continue;
      }
      if (c !== LF && c !== CR) {
        i++;
        continue;
      }
      const width = c === CR && buf.charCodeAt(i + 1) === LF ? 2 : 1;
      // A lone CR at the end of the text so far may be the first half of CRLF: wait for more.
      if (c === CR && width === 1 && i + 1 === buf.length && !atEnd) break;
      if (this.inQuotes && i - this.quoteOpenedAt <= MAX_FIELD_CHARS) {
        this.breaks++;
        i += width;
        continue;
      }
      // Outside quotes the record ends here. A quote that ran past any real cell was never
      // closed: its record is its first line alone, and reading starts again after that line.
      const end = this.inQuotes ? firstLineBreak(buf, start) : { at: i, width };
      out.push({ text: buf.slice(start, end.at), lineNo: this.line, unterminated: this.inQuotes });
      this.line += this.inQuotes ? 1 : this.breaks + 1;
      i = start = end.at + end.width;
      this.inQuotes = false;
      this.breaks = 0;
    }
    if (atEnd && this.inQuotes) {
      const end = firstLineBreak(buf, start);
      out.push({ text: buf.slice(start, end.at), lineNo: this.line, unterminated: true });
      this.line++;
      this.reset(buf.slice(end.at + end.width));
      return end.at < buf.length ? out.concat(this.drain(true)) : out;
    }
    if (atEnd && start < buf.length) {
      out.push({ text: buf.slice(start), lineNo: this.line, unterminated: false });
      start = buf.length;
    }
    if (i - start > MAX_RECORD_CHARS) throw new RecordTooLongError(this.line);
    this.buffer = buf.slice(start);
    this.pos = i - start;
    this.quoteOpenedAt -= start;
    return out;
  }

  private reset(rest: string): void {
    this.buffer = rest;
    this.pos = 0;
    this.inQuotes = false;
    this.breaks = 0;
  }
}

function firstLineBreak(text: string, from: number): { at: number; width: number } {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) return { at: i, width: 1 };
    if (c === CR) return { at: i, width: text.charCodeAt(i + 1) === LF ? 2 : 1 };
  }
  return { at: text.length, width: 0 };
}
