import { writeFileSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/** What a local header may say that its directory entry does not: for archives that lie. */
export interface LocalOverrides {
  method?: number;
  name?: string;
  flags?: number;
  compressedSize?: number;
  uncompressedSize?: number;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Stored as it is (method 0) rather than deflated. */
  stored?: boolean;
  /** The decompressed size the directory declares, where it should lie. */
  declaredSize?: number;
  local?: LocalOverrides;
}

/**
 * A minimal ZIP writer for workbooks with odd or hostile archives: entries can be stored or
 * deflated, lie about their size, or have a local header that disagrees with the directory.
 */
export function writeZip(file: string, entries: ZipEntry[]): void {
  writeFileSync(file, zipBytes(entries));
}

export function zipBytes(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, stored = false, declaredSize = data.length, local = {} } of entries) {
    const packed = stored ? data : deflateRawSync(data);
    const method = stored ? 0 : 8;
    const nameBytes = Buffer.from(name);
    const localName = local.name === undefined ? nameBytes : Buffer.from(local.name);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(local.flags ?? 0x800, 6);
    header.writeUInt16LE(local.method ?? method, 8);
    const crc = crc32(data);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(local.compressedSize ?? packed.length, 18);
    header.writeUInt32LE(local.uncompressedSize ?? declaredSize, 22);
    header.writeUInt16LE(localName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(declaredSize, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(header, localName, packed);
    centrals.push(central, nameBytes);
    offset += header.length + localName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
