import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from '../../src/main/core/ingest/csv-reader';
import { ImportFileError } from '../../src/main/core/errors';
import { tempDir } from '../support/temp';

async function readAll(content: string | Buffer): Promise<CsvRecord[]> {
  const file = join(tempDir(), 'input.csv');
  writeFileSync(file, content);
  const records: CsvRecord[] = [];
  for await (const record of readCsv(file)) records.push(record);
  return records;
}

describe('readCsv', () => {
  it('numbers rows as a spreadsheet does and lines as an editor does', async () => {
    const records = await readAll('code,note\nA,"two\nlines"\n\nB,plain\nC,"x"\n');
    expect(records.map((r) => [r.fields, r.rowNo, r.lineNo])).toEqual([
      [['code', 'note'], 1, 1],
      [['A', 'two\nlines'], 2, 2],
      [['B', 'plain'], 3, 5],
      [['C', 'x'], 4, 6],
    ]);
    expect(records[1]?.raw).toBe('A,"two\nlines"');
    expect(records[2]?.raw).toBe('B,plain');
  });

  it('counts CRLF line breaks inside quoted fields once', async () => {
    const records = await readAll('code,note\r\nA,"two\r\nlines"\r\n\r\nB,plain\r\n');
    expect(records.map((r) => [r.fields, r.lineNo, r.raw])).toEqual([
      [['code', 'note'], 1, 'code,note'],
      [['A', 'two\r\nlines'], 2, 'A,"two\nlines"'],
      [['B', 'plain'], 5, 'B,plain'],
    ]);
  });

  it('drops a UTF-8 byte order mark', async () => {
    const records = await readAll(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('entity_code\nÄ-1\n')]));
    expect(records.map((r) => r.fields)).toEqual([['entity_code'], ['Ä-1']]);
  });

  it('keeps ragged rows for the caller to judge', async () => {
    const records = await readAll('a,b\n1\n1,2,3\n');
    expect(records.map((r) => r.fields.length)).toEqual([2, 1, 3]);
  });

  it('names the file and the line of an unclosed quote', async () => {
    await expect(readAll('a,b\n1,"open\n2,3\n')).rejects.toThrow(ImportFileError);
    await expect(readAll('a,b\n1,"open\n2,3\n')).rejects.toThrow(
      'input.csv: line 2: a quoted field opened in this record is never closed (the file ends inside it)',
    );
  });

  it('names a missing file', async () => {
    const records = readCsv(join(tempDir(), 'gone.csv'));
    await expect(records.next()).rejects.toThrow(/^gone\.csv: file not found at /);
  });
});
