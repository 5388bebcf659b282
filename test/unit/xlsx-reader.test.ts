import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { TabularItem } from '../../src/main/core/ingest/records';
import { readXlsx } from '../../src/main/core/ingest/xlsx-reader';
import { tempDir } from '../support/temp';
import { writeZip } from '../support/zip';

async function readAll(file: string, sheet?: string): Promise<TabularItem[]> {
  const items: TabularItem[] = [];
  for await (const item of readXlsx(file, sheet)) items.push(item);
  return items;
}

const fieldsOf = (items: TabularItem[]) =>
  items.map((i) => (i.ok ? [i.record.rowNo, i.record.fields] : [i.problem.rowNo, i.problem.message]));

async function catalogWorkbook(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const products = workbook.addWorksheet('Products');
  products.addRow(['entity_code', 'ean', 'price', 'launch', 'updated', 'active', 'name', 'total', 'site', 'note']);
  products.addRow([
    '000123',
    4006381333931,
    12.5,
    new Date(Date.UTC(2024, 2, 1)),
    new Date(Date.UTC(2024, 2, 1, 13, 45, 30)),
    true,
    { richText: [{ text: 'Drill ' }, { font: { bold: true }, text: 'Pro' }] },
    { formula: 'C2*2', result: 25 },
    { text: 'shop', hyperlink: 'https://example.com' },
    { error: '#N/A' },
  ]);
  products.getCell('D2').numFmt = 'yyyy-mm-dd';
  products.getCell('E2').numFmt = 'yyyy-mm-dd hh:mm:ss';
  products.addRow([]);
  products.addRow(['A-2', 1e21, 0.0000001]);
  products.addRow(['A-3', null, null, null, null, null, null, null, null, null, 'extra']);
  const other = workbook.addWorksheet('Other');
  other.addRow(['entity_code']);
  other.addRow(['O-1']);
  await workbook.xlsx.writeFile(file);
}

describe('readXlsx', () => {
  it('reads the first sheet as text cells: codes, numbers, dates, booleans, rich text, formulas', async () => {
    const file = join(tempDir(), 'catalog.xlsx');
    await catalogWorkbook(file);
    expect(fieldsOf(await readAll(file))).toEqual([
      [1, ['entity_code', 'ean', 'price', 'launch', 'updated', 'active', 'name', 'total', 'site', 'note']],
      [
        2,
        [
          '000123',
          '4006381333931',
          '12.5',
          '2024-03-01',
          '2024-03-01T13:45:30.000Z',
          'true',
          'Drill Pro',
          '25',
          'shop',
          '#N/A',
        ],
      ],
      [4, ['A-2', '1000000000000000000000', '0.0000001', '', '', '', '', '', '', '']],
      [5, ['A-3', '', '', '', '', '', '', '', '', '', 'extra']],
    ]);
  });

  it('reads a chosen sheet, and names the sheets when the chosen one is missing', async () => {
    const file = join(tempDir(), 'catalog.xlsx');
    await catalogWorkbook(file);
    expect(fieldsOf(await readAll(file, 'Other'))).toEqual([
      [1, ['entity_code']],
      [2, ['O-1']],
    ]);
    await expect(readAll(file, 'Prices')).rejects.toThrow(
      'catalog.xlsx: no worksheet named "Prices" (found: Products, Other)',
    );
  });

  it('turns a cell over 32,767 characters into a problem on its row', async () => {
    const file = join(tempDir(), 'long.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').addRows([
      ['entity_code', 'text'],
      ['A', 'x'.repeat(40_000)],
      ['B', 'ok'],
    ]);
    await workbook.xlsx.writeFile(file);
    expect(fieldsOf(await readAll(file))).toEqual([
      [1, ['entity_code', 'text']],
      [2, "column 2 holds more than Excel's 32767 characters a cell"],
      [3, ['B', 'ok']],
    ]);
  });

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['a CSV file renamed', Buffer.from('entity_code,name\nA,Drill\n')],
  ])('refuses %s with a clear error', async (_name, bytes) => {
    const file = join(tempDir(), 'fake.xlsx');
    writeFileSync(file, bytes);
    await expect(readAll(file)).rejects.toThrow('fake.xlsx: not an XLSX workbook (it is not a ZIP archive)');
  });

  it('refuses a damaged workbook with a clear error', async () => {
    const dir = tempDir();
    const whole = join(dir, 'whole.xlsx');
    await catalogWorkbook(whole);
    const bytes = readFileSync(whole);
    const damaged = join(dir, 'damaged.xlsx');
    // The directory intact but the compressed sheets overwritten.
    writeFileSync(
      damaged,
      Buffer.concat([Buffer.alloc(bytes.length - 2000, 0x41), bytes.subarray(bytes.length - 2000)]),
    );
    await expect(readAll(damaged)).rejects.toThrow(
      /^damaged\.xlsx: (not a readable XLSX workbook|the workbook is damaged)/,
    );
  });

  it('refuses a ZIP bomb before inflating it', async () => {
    const file = join(tempDir(), 'bomb.xlsx');
    writeZip(file, [{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(200 * 1024 * 1024) }]);
    await expect(readAll(file)).rejects.toThrow(
      /^bomb\.xlsx: xl\/worksheets\/sheet1\.xml in the workbook is compressed \d+ to 1, a sign of a ZIP bomb$/,
    );
  });

  it('refuses a ZIP bomb whose directory lies about its size, before exceljs inflates it', async () => {
    const file = join(tempDir(), 'liar.xlsx');
    const data = Buffer.alloc(300 * 1024 * 1024);
    writeZip(file, [{ name: 'xl/worksheets/sheet1.xml', data, declaredSize: 300 * 1024 }]);
    await expect(readAll(file)).rejects.toThrow(
      'liar.xlsx: xl/worksheets/sheet1.xml in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb',
    );
  });

  it('refuses an archive with more entries than any workbook', async () => {
    const file = join(tempDir(), 'many.xlsx');
    writeZip(
      file,
      Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })),
    );
    await expect(readAll(file)).rejects.toThrow('many.xlsx: the workbook holds 10001 files');
  });
});
