import { ArchiveError, type WorkbookArchive } from './archive';
import { TextItem } from './strings';
import { parsePart } from './xml';

/**
 * What the shared strings table may hold: a 1,000,000-row catalog with eight columns of distinct
 * text (about 5 million strings, 100 million characters) fits, in under 300 MB; a table built to
 * exhaust memory stops here, with the limit named.
 */
export const SHARED_STRING_LIMITS = { strings: 8_000_000, chars: 128_000_000 } as const;

/** Strings are joined into blocks of about this many characters, so each costs 8 bytes of index. */
const BLOCK_CHARS = 1 << 20;

/**
 * A workbook's shared strings, kept compact: the text of many strings joined into large blocks,
 * and for each string its block and where it starts there. A string is sliced out when a cell
 * asks for it.
 */
export class SharedStrings {
  private blocks: string[] = [];
  private pending: string[] = [];
  private pendingChars = 0;
  private index = new Uint32Array(1024);
  private count = 0;
  private chars = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    if (this.count >= SHARED_STRING_LIMITS.strings || this.chars + text.length > SHARED_STRING_LIMITS.chars) {
      throw new ArchiveError(
        `the workbook's shared strings pass ${SHARED_STRING_LIMITS.strings.toLocaleString('en-US')} strings or ` +
          `${SHARED_STRING_LIMITS.chars.toLocaleString('en-US')} characters, the most an import holds; save the sheet as CSV to import it`,
      );
    }
    if (this.index.length < (this.count + 1) * 2) {
      const grown = new Uint32Array(this.index.length * 2);
      grown.set(this.index);
      this.index = grown;
    }
    this.index[this.count * 2] = this.blocks.length;
    this.index[this.count * 2 + 1] = this.pendingChars;
    this.count++;
    this.chars += text.length;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BLOCK_CHARS) this.seal();
  }

  /** Ends the block being filled. */
  seal(): void {
    if (this.pending.length === 0) return;
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  /** The string at `i`, or undefined when the table has none there. Only after `seal()`. */
  get(i: number): string | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    const { index } = this;
    const blockNo = index[i * 2] ?? 0;
    const block = this.blocks[blockNo] ?? '';
    const end = i + 1 < this.count && index[(i + 1) * 2] === blockNo ? index[(i + 1) * 2 + 1] : block.length;
    return block.slice(index[i * 2 + 1], end);
  }
}

/** Reads the shared strings part (`<sst>`) into a table, every `<si>` in order. */
export async function readSharedStrings(archive: WorkbookArchive, part: string | null): Promise<SharedStrings> {
  const table = new SharedStrings();
  if (part === null) return table;
  const item = new TextItem();
  await parsePart(part, archive.text(part), {
    open: (name) => {
      item.open(name);
    },
    text: (text) => {
      item.text(text);
    },
    close(name) {
      item.close(name);
      if (name === 'si') table.add(item.take());
    },
  });
  table.seal();
  return table;
}
