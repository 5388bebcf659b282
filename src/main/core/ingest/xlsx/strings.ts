/**
 * Text items of SpreadsheetML (`<si>` of the shared strings, `<is>` of an inline cell): plain
 * `<t>`, or rich text runs `<r><t>` joined, with phonetic guides (`<rPh>`) left out as Excel's
 * cell value leaves them out.
 */
export class TextItem {
  private parts: string[] = [];
  private inText = false;
  private inPhonetic = 0;

  open(name: string): void {
    if (name === 'rPh') this.inPhonetic++;
    else if (name === 't' && this.inPhonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 'rPh') this.inPhonetic--;
    else if (name === 't') this.inText = false;
  }

  text(text: string): void {
    if (this.inText) this.parts.push(text);
  }

  /** The item's text, and a fresh start for the next one. */
  take(): string {
    const text = unescapeXstring(this.parts.join(''));
    this.parts = [];
    return text;
  }
}

/**
 * OOXML writes characters XML cannot hold as `_xHHHH_` (ST_Xstring), and a literal `_x` sequence
 * with its underscore escaped as `_x005F_`; Excel reads both back, and so does this.
 */
export function unescapeXstring(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
