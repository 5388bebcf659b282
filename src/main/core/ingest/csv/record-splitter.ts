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
 * inside a quoted field. As in RFC 4180, a quote opens a field only at the field's start, and
 * inside a quoted field a doubled quote is a quote and a single one closes the field; a stray
 * quote elsewhere is kept as text (csv-parse then reports that record), so it cannot swallow the
 * records after it. The scan resumes where the last chunk ended, so a long record costs one pass.
 */
export class RecordSplitter {
  private buffer = '';
  private readonly delimiters: number[];
  /** Scan state of the record being read, which starts at buffer[0]. */
  private pos = 0;
  private inQuotes = false;
  /** Inside a quoted field, just past a quote: it closes the field unless another quote follows. */
  private afterQuote = false;
  private fieldStart = true;
  private quoteOpenedAt = 0;
  private breaks = 0;

  /** delimiters: the file's delimiter, or every candidate while the delimiter is being detected. */
  constructor(
    delimiters: readonly string[],
    private line = 1,
  ) {
    this.delimiters = delimiters.map((d) => d.charCodeAt(0));
  }

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
    const events = new EventFinder(buf);
    let start = 0;
    let i = this.pos;
    // Only quotes and line breaks change the state; the text between them is skipped with
    // indexOf, and what came just before an event is read from the character before it.
    for (;;) {
      const j = events.next(i);
      if (j === -1) {
        if (i < buf.length) this.skipText(buf, buf.length);
        i = buf.length;
        break;
      }
      if (j > i) this.skipText(buf, j);
      i = j;
      const c = buf.charCodeAt(i);
      if (this.inQuotes && c === QUOTE) {
        this.afterQuote = !this.afterQuote;
        i++;
        continue;
      }
      if (this.inQuotes && this.afterQuote) {
        // The quote before this line break closed the field.
        this.inQuotes = false;
        this.afterQuote = false;
      }
      if (c === QUOTE) {
        if (this.fieldStart) {
          this.inQuotes = true;
          this.quoteOpenedAt = i;
        }
        this.fieldStart = false;
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
      const unterminated = this.inQuotes;
      const end = unterminated ? firstLineBreak(buf, start) : { at: i, width };
      out.push({ text: buf.slice(start, end.at), lineNo: this.line, unterminated });
      this.line += unterminated ? 1 : this.breaks + 1;
      i = start = end.at + end.width;
      this.startRecord();
    }
    if (atEnd && this.inQuotes && !this.afterQuote) {
      const end = firstLineBreak(buf, start);
      out.push({ text: buf.slice(start, end.at), lineNo: this.line, unterminated: true });
      this.line++;
      this.buffer = buf.slice(end.at + end.width);
      this.pos = 0;
      this.startRecord();
      return end.at < buf.length ? out.concat(this.drain(true)) : out;
    }
    if (atEnd && start < buf.length) {
      out.push({ text: buf.slice(start), lineNo: this.line, unterminated: false });
      start = buf.length;
      this.startRecord();
    }
    if (i - start > MAX_RECORD_CHARS) throw new RecordTooLongError(this.line);
    this.buffer = buf.slice(start);
    this.pos = i - start;
    this.quoteOpenedAt -= start;
    return out;
  }

  /**
   * Moves the state past plain text that ends just before `to`: in a quoted field, text after a
   * closing quote closes the field; outside quotes, the last character tells whether the next
   * one starts a field.
   */
  private skipText(buf: string, to: number): void {
    if (this.inQuotes && this.afterQuote) {
      this.inQuotes = false;
      this.afterQuote = false;
    }
    if (!this.inQuotes) this.fieldStart = this.delimiters.includes(buf.charCodeAt(to - 1));
  }

  private startRecord(): void {
    this.inQuotes = false;
    this.afterQuote = false;
    this.fieldStart = true;
    this.breaks = 0;
  }
}

/** The next quote, CR or LF at or after a position, each found with indexOf and remembered. */
class EventFinder {
  private quote = -2;
  private lf = -2;
  private cr = -2;

  constructor(private readonly text: string) {}

  next(from: number): number {
    if (this.quote !== -1 && this.quote < from) this.quote = this.text.indexOf('"', from);
    if (this.lf !== -1 && this.lf < from) this.lf = this.text.indexOf('\n', from);
    if (this.cr !== -1 && this.cr < from) this.cr = this.text.indexOf('\r', from);
    let next = -1;
    for (const at of [this.quote, this.lf, this.cr]) if (at !== -1 && (next === -1 || at < next)) next = at;
    return next;
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
