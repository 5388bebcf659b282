import { open as openZip, type Entry, type ZipFile } from 'yauzl';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createInflateRaw } from 'node:zlib';

/** An archive, or a part in it, that no spreadsheet program would write: refused, never worked around. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/**
 * What an XLSX archive may hold, sized to real workbooks (docs/ingestion.md, "Limits"): a sheet of
 * Excel's 1,048,576 rows of catalog data inflates to well under 1 GB at ratios of 5 to 30.
 */
export const ARCHIVE_LIMITS = {
  entries: 10_000,
  /** One part, inflated. */
  entryBytes: 2 * 1024 ** 3,
  /** Everything read from one workbook, inflated. */
  totalBytes: 3 * 1024 ** 3,
  /** Inflated to compressed size of a part over `ratioFrom` bytes: real sheets stay under 50. */
  ratio: 100,
  ratioFrom: 1024 * 1024,
} as const;

const STORED = 0;
const DEFLATED = 8;
/** General-purpose flag bit 3: sizes and CRC follow the data, and the local header holds zeros. */
const DATA_DESCRIPTOR = 0x8;
const ZIP64_MARK = 0xffffffff;
/** Bytes zlib inflates at a time: large chunks spare callbacks on a sheet of hundreds of MB. */
const INFLATE_CHUNK = 256 * 1024;

/** The UTF-16 a part's byte order mark names; XML parts are UTF-8 otherwise. */
function byteOrderMark(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

const damaged = (why: string): ArchiveError => new ArchiveError(`the workbook is damaged (${why})`);

function openArchive(filePath: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    openZip(filePath, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error) reject(error);
      else resolve(zip);
    });
  });
}

function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => {
      resolve(entries);
    });
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** The checks of the ZIP directory alone, before anything is inflated. */
function checkEntry(entry: Entry): void {
  const name = entry.fileName;
  if (entry.isEncrypted()) throw new ArchiveError(`${name} in the workbook is encrypted`);
  if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
    throw new ArchiveError(
      `${name} in the workbook uses a compression Excel does not (method ${entry.compressionMethod})`,
    );
  }
  if (entry.uncompressedSize > ARCHIVE_LIMITS.entryBytes) {
    throw new ArchiveError(`${name} in the workbook inflates to more than ${ARCHIVE_LIMITS.entryBytes / 1024 ** 3} GB`);
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > ARCHIVE_LIMITS.ratioFrom && ratio > ARCHIVE_LIMITS.ratio) {
    throw new ArchiveError(
      `${name} in the workbook is compressed ${Math.round(ratio)} to 1 (at most ${ARCHIVE_LIMITS.ratio} accepted), a sign of a ZIP bomb`,
    );
  }
}

/**
 * An XLSX file's ZIP archive, read with yauzl. Parts are found by name (case-insensitively, as the
 * Open Packaging Conventions say) and streamed as text decoded on character boundaries. Every part
 * is checked before it is inflated: its local header must agree with the directory (method, sizes,
 * name, flags), its data must lie before the next entry, and its inflated bytes are counted as
 * they come, against the size the directory declares and the workbook's total.
 */
export class WorkbookArchive {
  private inflated = 0;

  private constructor(
    private readonly zip: ZipFile,
    private readonly byName: ReadonlyMap<string, Entry>,
    /** Where each entry's local header starts, in file order: what bounds an entry's data. */
    private readonly offsets: readonly number[],
  ) {}

  static async open(filePath: string): Promise<WorkbookArchive> {
    let zip: ZipFile;
    try {
      zip = await openArchive(filePath);
    } catch (error) {
      if (error instanceof Error && 'code' in error) throw error;
      throw new ArchiveError('not an XLSX workbook (it is not a ZIP archive)');
    }
    try {
      if (zip.entryCount > ARCHIVE_LIMITS.entries) {
        throw new ArchiveError(
          `the workbook holds ${zip.entryCount} files; an XLSX file has far fewer (at most ${ARCHIVE_LIMITS.entries} accepted)`,
        );
      }
      const entries = await readEntries(zip).catch((error: unknown) => {
        throw error instanceof ArchiveError ? error : damaged(error instanceof Error ? error.message : String(error));
      });
      const byName = new Map<string, Entry>();
      for (const entry of entries) {
        checkEntry(entry);
        const key = entry.fileName.toLowerCase();
        if (byName.has(key)) throw damaged(`it holds ${entry.fileName} twice`);
        byName.set(key, entry);
      }
      const offsets = entries.map((e) => e.relativeOffsetOfLocalHeader).sort((a, b) => a - b);
      return new WorkbookArchive(zip, byName, offsets);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  close(): void {
    this.zip.close();
  }

  /** A part's text, decoded (UTF-8, or UTF-16 after a byte order mark) on character boundaries. */
  async *text(name: string): AsyncGenerator<string> {
    let decoder: TextDecoder | null = null;
    for await (const bytes of this.bytes(name)) {
      decoder ??= new TextDecoder(byteOrderMark(bytes) ?? 'utf-8', { fatal: true });
      const open = decoder;
      yield this.decoded(name, () => open.decode(bytes, { stream: true }));
    }
    const last = decoder;
    if (last) yield this.decoded(name, () => last.decode());
  }

  private decoded(name: string, decode: () => string): string {
    try {
      return decode();
    } catch {
      throw damaged(`${name} is not valid UTF-8 text`);
    }
  }

  /**
   * A part's inflated bytes, counted as they come: more than the directory declares is a bomb,
   * fewer is damage. yauzl gives the stored bytes; zlib inflates them in large chunks.
   */
  private async *bytes(name: string): AsyncGenerator<Buffer> {
    const entry = this.byName.get(name.toLowerCase());
    if (!entry) throw damaged(`it has no ${name}`);
    await this.checkLocalHeader(entry);
    const stored = await new Promise<Readable>((resolve, reject) => {
      this.zip.openReadStream(entry, { decodeFileData: false }, (error, readStream) => {
        if (error) reject(error);
        else resolve(readStream);
      });
    });
    const stream =
      entry.compressionMethod === DEFLATED ? stored.pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK })) : stored;
    if (stream !== stored) stored.on('error', (error) => stream.destroy(error));
    let read = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        read += chunk.length;
        this.inflated += chunk.length;
        if (read > entry.uncompressedSize) {
          throw new ArchiveError(
            `${name} in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb`,
          );
        }
        if (this.inflated > ARCHIVE_LIMITS.totalBytes) {
          throw new ArchiveError(`the workbook inflates to more than ${ARCHIVE_LIMITS.totalBytes / 1024 ** 3} GB`);
        }
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      throw damaged(`${name} cannot be decompressed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      stored.destroy();
      stream.destroy();
    }
    if (read < entry.uncompressedSize) throw damaged(`${name} inflates to fewer bytes than its ZIP directory says`);
  }

  /** The local header repeats the directory's facts; a reader that trusted either alone could be fooled. */
  private async checkLocalHeader(entry: Entry): Promise<void> {
    const local = await this.zip.readLocalFileHeaderPromise(entry, { minimal: false }).catch((error: unknown) => {
      throw damaged(`${entry.fileName}: ${error instanceof Error ? error.message : String(error)}`);
    });
    const disagrees = (what: string): ArchiveError =>
      damaged(`the local header of ${entry.fileName} disagrees with the ZIP directory on its ${what}`);
    if (local.compressionMethod !== entry.compressionMethod) throw disagrees('compression method');
    if (!local.fileName.equals(entry.fileNameRaw)) throw disagrees('name');
    if (local.generalPurposeBitFlag !== entry.generalPurposeBitFlag) throw disagrees('flags');
    if ((local.generalPurposeBitFlag & DATA_DESCRIPTOR) === 0) {
      const sizesAgree =
        (local.compressedSize === entry.compressedSize && local.uncompressedSize === entry.uncompressedSize) ||
        (local.compressedSize === ZIP64_MARK && local.uncompressedSize === ZIP64_MARK);
      if (!sizesAgree) throw disagrees('sizes');
    }
    const next = this.offsets.find((offset) => offset > entry.relativeOffsetOfLocalHeader) ?? this.zip.fileSize;
    if (local.fileDataStart + entry.compressedSize > next) {
      throw damaged(`the data of ${entry.fileName} runs into the next entry`);
    }
  }
}
