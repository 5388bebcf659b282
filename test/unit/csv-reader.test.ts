import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/main/core/ingest/csv-reader';
import type { TabularItem } from '../../src/main/core/ingest/records';
import type { CsvFormat } from '../../src/main/core/ingest/csv/detect';
import { tempDir } from '../support/temp';

async function readAll(content: string | Buffer, format: Partial<CsvFormat> = {}): Promise<TabularItem[]> {
  const file = join(tempDir(), 'input.csv');
  writeFileSync(file, content);
  const items: TabularItem[] = [];
  for await (const item of readCsv(file, format)) items.push(item);
  return items;
}

/** Each item as [fields or problem message, row, line, raw]. */
const summary = (items: TabularItem[]) =>
  items.map((i) =>
    i.ok
      ? [i.record.fields, i.record.rowNo, i.record.lineNo, i.record.raw]
      : [i.problem.message, i.problem.rowNo, i.problem.lineNo, i.problem.raw],
  );

describe('readCsv', () => {
  it('numbers rows as a spreadsheet does and lines as an editor does', async () => {
    expect(summary(await readAll('code,note\nA,"two\nlines"\n\nB,plain\nC,"x"\n'))).toEqual([
      [['code', 'note'], 1, 1, 'code,note'],
      [['A', 'two\nlines'], 2, 2, 'A,"two\nlines"'],
      [[''], 3, 4, ''],
      [['B', 'plain'], 4, 5, 'B,plain'],
      [['C', 'x'], 5, 6, 'C,"x"'],
    ]);
  });

  it('counts CRLF line breaks inside quoted fields once', async () => {
    expect(summary(await readAll('code,note\r\nA,"two\r\nlines"\r\nB,plain\r\n'))).toEqual([
      [['code', 'note'], 1, 1, 'code,note'],
      [['A', 'two\r\nlines'], 2, 2, 'A,"two\r\nlines"'],
      [['B', 'plain'], 3, 4, 'B,plain'],
    ]);
  });

  it('keeps ragged rows for the caller to judge', async () => {
    expect((await readAll('a,b\n1\n1,2,3\n')).map((i) => i.ok && i.record.fields.length)).toEqual([2, 1, 3]);
  });

  it('turns a stray quote into a problem on its own line and reads on', async () => {
    const items = await readAll('a,b,c\n1,"bad"x,3\n4,5,6\n7,This "quoted" word,9\n10,11,12\n');
    expect(summary(items)).toEqual([
      [['a', 'b', 'c'], 1, 1, 'a,b,c'],
      [expect.stringContaining('a quoted field is followed by other text'), 2, 2, '1,"bad"x,3'],
      [['4', '5', '6'], 3, 3, '4,5,6'],
      [expect.stringContaining('a quote stands inside an unquoted field'), 4, 4, '7,This "quoted" word,9'],
      [['10', '11', '12'], 5, 5, '10,11,12'],
    ]);
  });

  it('turns a quote that swallows the following lines into a problem on its first line', async () => {
    const items = await readAll('a,b,c\n1,"Hey, I missed " it",3\n4,5,6\n7,"fine",8\n9,"unclosed,10\n11,12,13\n');
    expect(summary(items)).toEqual([
      [['a', 'b', 'c'], 1, 1, 'a,b,c'],
      [expect.any(String), 2, 2, '1,"Hey, I missed " it",3'],
      [['4', '5', '6'], 3, 3, '4,5,6'],
      [['7', 'fine', '8'], 4, 4, '7,"fine",8'],
      [expect.stringContaining('never closed'), 5, 5, '9,"unclosed,10'],
      [['11', '12', '13'], 6, 6, '11,12,13'],
    ]);
  });

  it('keeps a stray quote in a quoted file from swallowing the 16 MB after it', async () => {
    const row = (i: number) => `"C-${i}","${'description '.repeat(9)}","${i}"`;
    const lines = [
      '"entity_code","text","n"',
      '"1","12" screen","x"',
      ...Array.from({ length: 150_000 }, (_, i) => row(i)),
    ];
    const items = await readAll(lines.join('\n') + '\n');
    expect(items).toHaveLength(150_002);
    expect(items[1]).toMatchObject({ ok: false, problem: { rowNo: 2, lineNo: 2, raw: '"1","12" screen","x"' } });
    expect(items[150_001]).toMatchObject({
      ok: true,
      record: { fields: ['C-149999', expect.any(String), '149999'], lineNo: 150_002 },
    });
    expect(items.filter((i) => !i.ok)).toHaveLength(1);
  });

  it.each([
    ['semicolons', 'entity_code;price\nA;1,50\n', ['A', '1,50']],
    ['tabs', 'entity_code\tprice\nA\t1.50\n', ['A', '1.50']],
    ['pipes', 'entity_code|name\nA|"x|y"\n', ['A', 'x|y']],
    ['commas', 'entity_code,note\nA,"a;b"\n', ['A', 'a;b']],
  ])('detects a file separated by %s', async (_name, content, second) => {
    const items = await readAll(content);
    expect(items[1]).toMatchObject({ ok: true, record: { fields: second } });
  });

  it.each([
    [
      'UTF-8 with a byte order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('entity_code\nÄ-1\n')]),
    ],
    [
      'UTF-16 LE with a byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('entity_code\nÄ-1\n', 'utf16le')]),
    ],
    [
      'UTF-16 BE with a byte order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('entity_code\nÄ-1\n', 'utf16le').swap16()]),
    ],
    ['Windows-1252', Buffer.from([...Buffer.from('entity_code\n'), 0xc4, ...Buffer.from('-1\n')])],
  ])('reads %s', async (_name, bytes) => {
    expect((await readAll(bytes)).map((i) => i.ok && i.record.fields)).toEqual([['entity_code'], ['Ä-1']]);
  });

  it('refuses bytes that are not UTF-8 in a file read as UTF-8, naming file and place', async () => {
    const bytes = Buffer.concat([
      Buffer.from('entity_code\n'),
      Buffer.from('A-1\n'.repeat(30_000)),
      Buffer.from([0xc4, 0x0a]),
    ]);
    await expect(readAll(bytes)).rejects.toThrow(
      /^input\.csv: not valid UTF-8 in the 64 KiB starting at byte [\d,]+; the file may be in another encoding/,
    );
  });

  it('names a missing file', async () => {
    const records = readCsv(join(tempDir(), 'gone.csv'));
    await expect(records.next()).rejects.toThrow(/^gone\.csv: file not found at /);
  });
});
