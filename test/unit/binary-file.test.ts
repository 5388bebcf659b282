import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/main/core/ingest/csv-reader';
import { previewFile } from '../../src/main/core/ingest/preview';
import { noiseBytes, pngBytes, RAW_BYTES } from '../support/binary';
import { profile } from '../support/profile';
import { tempDir } from '../support/temp';
import { writeZip } from '../support/zip';

function staged(name: string, bytes: Buffer): string {
  const file = join(tempDir(), name);
  writeFileSync(file, bytes);
  return file;
}

async function readAll(file: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of readCsv(file)) items.push(item);
  return items;
}

function zipBytes(): Buffer {
  const file = join(tempDir(), 'archive.zip');
  writeZip(file, [{ name: 'catalog.csv', data: Buffer.from('entity_code,name\nA-1,Hammer\n'.repeat(50)) }]);
  return readFileSync(file);
}

const binaries: [string, () => Buffer][] = [
  ['an image', pngBytes],
  ['a ZIP archive', zipBytes],
  ['random bytes', () => noiseBytes(4096)],
  // Few bytes, so perhaps no NUL among them, but a control character in every ten.
  ['a few random bytes without a NUL', () => Buffer.from(noiseBytes(300, 7).map((b) => (b === 0 ? 1 : b)))],
];

describe('a binary file given as CSV', () => {
  it.each(binaries)('is refused as not a text file: %s', async (_, bytes) => {
    const error = await readAll(staged('photo.csv', bytes())).then(
      () => null,
      (failure: unknown) => failure as Error,
    );
    expect(error?.name).toBe('ImportFileError');
    expect(error?.message).toMatch(/^photo\.csv: not a text file \(.+\)$/);
    expect(error?.message).not.toMatch(RAW_BYTES);
  });

  it.each(binaries)('is refused by the preview, which shows none of its bytes: %s', async (_, bytes) => {
    const preview = await previewFile(staged('photo.csv', bytes()), profile());
    expect(preview.problem).toMatch(/^photo\.csv: not a text file \(/);
    expect(preview).toMatchObject({ header: [], columns: [], rows: [], errors: [] });
    expect(JSON.stringify(preview)).not.toMatch(RAW_BYTES);
    expect(JSON.stringify(preview)).not.toMatch(/\\u00[0-9a-f]{2}/i);
  });

  it('is refused at the NUL bytes that come after a text start, before they reach a row', async () => {
    const text = Buffer.from('entity_code,name\n' + 'A-1,Hammer\n'.repeat(10_000));
    const file = staged('late.csv', Buffer.concat([text, Buffer.from('B-2,\0\0\0\n')]));
    await expect(readAll(file)).rejects.toThrow(
      /^late\.csv: not a text file \(a NUL byte in the 64 KiB starting at byte [\d,]+; /,
    );
  });

  it('is not confused with UTF-16 text, whose byte order mark allows its NUL bytes', async () => {
    const rows = 'entity_code,name\n' + 'A-1,Hammer\n'.repeat(10_000);
    for (const bytes of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rows, 'utf16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(rows, 'utf16le').swap16()]),
    ]) {
      expect(await readAll(staged('wide.csv', bytes))).toHaveLength(10_001);
    }
  });

  it('is not confused with text that holds tabs, form feeds or a stray control character', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `A-${i}\tpage\fbreak${i === 50 ? '\u0007' : ''}\n`);
    expect(await readAll(staged('old.csv', Buffer.from(`entity_code\tnote\n${rows.join('')}`)))).toHaveLength(101);
  });
});
