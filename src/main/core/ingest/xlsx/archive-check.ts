import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';

/** What an XLSX archive may hold before it is opened: far above real catalogs, far below bombs. */
export const ARCHIVE_LIMITS = {
  entries: 10_000,
  /** Total decompressed size: a 1,048,576-row sheet of real data stays well under this. */
  decompressedBytes: 4 * 1024 * 1024 * 1024,
  /** Decompressed to compressed size of one entry; repetitive sheets reach tens, bombs thousands. */
  ratio: 500,
} as const;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_MARK = 0xffffffff;

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export interface ArchiveEntry {
  name: string;
  method: number;
  compressed: number;
  decompressed: number;
  localOffset: number;
}

const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** A data descriptor after an entry's data: 12 bytes, 16 with its optional signature. */
const MAX_DESCRIPTOR = 16;
/** Bytes read and inflated at a time when an entry's size is checked. */
const CHECK_CHUNK = 1024 * 1024;

/** What the central directory says: the entries, and where the directory itself starts. */
export interface ArchiveDirectory {
  entries: ArchiveEntry[];
  directoryOffset: number;
}

/**
 * Reads a ZIP file's central directory (without inflating anything) and refuses archives that
 * are not ZIP files, or whose entry count, total size or compression ratio betray a bomb.
 */
export async function readArchiveDirectory(filePath: string): Promise<ArchiveDirectory> {
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_MIN + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - EOCD_MIN; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd === -1) throw new ArchiveError('not an XLSX workbook (it is not a ZIP archive)');
    const count = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directoryOffset === ZIP64_MARK) {
      throw new ArchiveError('the workbook is a ZIP64 archive, larger than any sheet Excel writes');
    }
    if (count > ARCHIVE_LIMITS.entries) {
      throw new ArchiveError(
        `the workbook holds ${count} files; an XLSX file has far fewer (at most ${ARCHIVE_LIMITS.entries} accepted)`,
      );
    }
    if (directoryOffset + directorySize > size)
      throw new ArchiveError('the workbook is damaged (its ZIP directory points past the end of the file)');
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    return { entries: readEntries(directory, count), directoryOffset };
  } finally {
    await handle.close();
  }
}

function readEntries(directory: Buffer, count: number): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let total = 0;
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw new ArchiveError('the workbook is damaged (its ZIP directory cannot be read)');
    }
    const compressed = directory.readUInt32LE(at + 20);
    const decompressed = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    if (compressed === ZIP64_MARK || decompressed === ZIP64_MARK) {
      throw new ArchiveError(`${name} in the workbook is over 4 GB`);
    }
    total += decompressed;
    if (total > ARCHIVE_LIMITS.decompressedBytes) {
      throw new ArchiveError('the workbook would decompress to more than 4 GB');
    }
    if (decompressed > 1024 * 1024 && decompressed / Math.max(compressed, 1) > ARCHIVE_LIMITS.ratio) {
      throw new ArchiveError(
        `${name} in the workbook is compressed ${Math.round(decompressed / Math.max(compressed, 1))} to 1, a sign of a ZIP bomb`,
      );
    }
    const method = directory.readUInt16LE(at + 10);
    const localOffset = directory.readUInt32LE(at + 42);
    entries.push({ name, method, compressed, decompressed, localOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts: past its local header, and the name and extra field that follow it. */
export async function localDataStart(handle: FileHandle, entry: ArchiveEntry): Promise<number> {
  const header = Buffer.alloc(30);
  await handle.read(header, 0, 30, entry.localOffset);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE)
    throw new ArchiveError(`${entry.name} is not where the ZIP directory says`);
  return entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/**
 * The directory could lie: exceljs reads the entries themselves. So every entry's data must sit
 * where the directory says, back to back with nothing hidden between them, and must inflate to
 * no more than the directory declares. This costs one extra inflate of the workbook (zlib's, on
 * libuv's thread pool), so it can run while the workbook is read, and stop early on `signal`.
 */
export async function verifyArchiveEntries(
  filePath: string,
  { entries, directoryOffset }: ArchiveDirectory,
  signal?: AbortSignal,
): Promise<void> {
  const damaged = new ArchiveError('the workbook is damaged (its ZIP entries do not match its directory)');
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const handle = await open(filePath, 'r');
  try {
    let expectedAt = 0;
    for (const entry of ordered) {
      signal?.throwIfAborted();
      if (entry.localOffset < expectedAt || entry.localOffset > expectedAt + (expectedAt === 0 ? 0 : MAX_DESCRIPTOR)) {
        throw damaged;
      }
      const header = Buffer.alloc(30);
      await handle.read(header, 0, 30, entry.localOffset);
      if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw damaged;
      const nameLength = header.readUInt16LE(26);
      const dataStart = entry.localOffset + 30 + nameLength + header.readUInt16LE(28);
      const name = Buffer.alloc(nameLength);
      await handle.read(name, 0, nameLength, entry.localOffset + 30);
      if (name.toString('utf8') !== entry.name) throw damaged;
      expectedAt = dataStart + entry.compressed;
      if (entry.method === STORED) {
        if (entry.compressed !== entry.decompressed) throw damaged;
      } else if (entry.method === DEFLATED) {
        if (entry.compressed > 0) await checkInflatedSize(filePath, dataStart, expectedAt - 1, entry, signal);
      } else {
        throw new ArchiveError(
          `${entry.name} in the workbook uses a compression Excel does not (method ${entry.method})`,
        );
      }
    }
    if (directoryOffset < expectedAt || directoryOffset > expectedAt + MAX_DESCRIPTOR) throw damaged;
  } finally {
    await handle.close();
  }
}

async function checkInflatedSize(
  filePath: string,
  start: number,
  end: number,
  entry: ArchiveEntry,
  signal?: AbortSignal,
): Promise<void> {
  let inflated = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      inflated += chunk.length;
      done(
        inflated > entry.decompressed
          ? new ArchiveError(
              `${entry.name} in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb`,
            )
          : null,
      );
    },
  });
  try {
    // Large chunks: this runs beside the staging of the rows, which its callbacks would slow.
    await pipeline(
      createReadStream(filePath, { start, end, highWaterMark: CHECK_CHUNK }),
      createInflateRaw({ chunkSize: CHECK_CHUNK }),
      counter,
      { signal },
    );
  } catch (error) {
    if (error instanceof ArchiveError || signal?.aborted) throw error;
    throw new ArchiveError(
      `${entry.name} in the workbook cannot be decompressed (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (inflated !== entry.decompressed) {
    throw new ArchiveError(
      `the workbook is damaged (${entry.name} inflates to ${inflated} bytes, not ${entry.decompressed})`,
    );
  }
}
