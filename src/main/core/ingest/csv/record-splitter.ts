/** One record's text as it stands in the file, without its line break. */
export interface RawRecord {
  text: string;
  /** 1-based line where the record starts. */
  lineNo: number;
  /** True when the file ended inside a quoted field that began in this record. */
  unterminated: boolean;
}

/** Excel's limit for one cell: a quoted field longer than this is taken for a quote never closed. */
export const MAX_FIELD_CHARS = 32_767;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Splits decoded CSV text into records, streaming: a line break ends a record unless it stands
 * inside quotes. Doubled quotes ("") toggle twice, so RFC 4180 escaping needs no special case.
 */
export class RecordSplitter {
  private buffer = '';

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
    let i = 0;
    let inQuotes = false;
    let quoteOpenedAt = 0;
    let breaks = 0;
    while (i < buf.length) {
      const c = buf.charCodeAt(i);
      if (c === QUOTE) {
        inQuotes = !inQuotes;
        if (inQuotes) quoteOpenedAt = i;
        i++;
      } else if (c === LF || c === CR) {
        const width = c === CR && buf.charCodeAt(i + 1) === LF ? 2 : 1;
        // A lone CR at the end of the buffer may be the first half of CRLF: wait for more.
        if (c === CR && width === 1 && i + 1 === buf.length && !atEnd) break;
        if (inQuotes && i - quoteOpenedAt <= MAX_FIELD_CHARS) {
          breaks++;
          i += width;
          continue;
        }
        if (inQuotes) {
          // The quote ran past any real cell: its record is the first line alone, and reading
          // starts again on the line after it.
          const firstBreak = firstLineBreak(buf, start);
          out.push({ text: buf.slice(start, firstBreak.at), lineNo: this.line, unterminated: true });
          this.line++;
          i = start = firstBreak.at + firstBreak.width;
          inQuotes = false;
          breaks = 0;
          continue;
        }
        out.push({ text: buf.slice(start, i), lineNo: this.line, unterminated: false });
        this.line += breaks + 1;
        breaks = 0;
        i += width;
        start = i;
      } else {
        i++;
      }
    }
    if (atEnd && inQuotes) {
      const firstBreak = firstLineBreak(buf, start);
      out.push({ text: buf.slice(start, firstBreak.at), lineNo: this.line, unterminated: true });
      this.line++;
      this.buffer = buf.slice(Math.min(firstBreak.at + firstBreak.width, buf.length));
      return firstBreak.at < buf.length ? out.concat(this.drain(true)) : out;
    }
    if (atEnd && start < buf.length) {
      out.push({ text: buf.slice(start), lineNo: this.line, unterminated: false });
      start = buf.length;
    }
    this.buffer = buf.slice(start);
    return out;
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
