import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { restoreCell, safeCell } from '../../src/main/core/report/safe-cell';
import { writeTable } from '../../src/main/core/report/table-writer';
import { readRecords } from '../../src/main/core/ingest/read-file';
import { tempDir } from '../support/temp';

const HOSTILE = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', 'plain', '1-2', ''];

describe('the report writer', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and nothing else', () => {
    expect(HOSTILE.map(safeCell)).toEqual([
      `'=HYPERLINK("http://evil","x")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
      'plain',
      '1-2',
      '',
    ]);
  });

  it('writes a CSV with a BOM that reads back as text, formulas neutralised', async () => {
    const file = join(tempDir(), 'rows.csv');
    const rows = HOSTILE.map((cell, i) => [String(i), cell, 'Perceuse « Pro », 18V']);
    expect(await writeTable(file, 'csv', ['n', 'value', 'name'], rows)).toBe(HOSTILE.length);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Read back by the app's own CSV reader, as a re-import of the report would.
    const back: string[][] = [];
    for await (const item of readRecords(file, { encoding: null, delimiter: null, sheet: null })) {
      if ('record' in item) back.push(item.record.fields);
    }
    expect(back[0]).toEqual(['n', 'value', 'name']);
    expect(back.slice(1).map((r) => r[1])).toEqual(HOSTILE.map(safeCell));
    expect(back.slice(1).every((r) => r[2] === 'Perceuse « Pro », 18V')).toBe(true);
  });

  it('writes an XLSX whose cells are strings, never formulas, read back with exceljs', async () => {
    const file = join(tempDir(), 'rows.xlsx');
    const rows = HOSTILE.map((cell, i) => [String(i), cell]);
    expect(await writeTable(file, 'xlsx', ['n', 'value'], rows)).toBe(HOSTILE.length);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    const cells: unknown[] = [];
    sheet?.eachRow((row, n) => {
      if (n === 1) return;
      const cell = row.getCell(2);
      expect(cell.type === ExcelJS.ValueType.Formula).toBe(false);
      cells.push(cell.value ?? '');
    });
    // XML reads a bare carriage return as a line feed: the cell keeps its apostrophe either way.
    expect(cells).toEqual(HOSTILE.map(safeCell).map((text) => text.replace('\r', '\n')));
  });

  it('writes a report longer than one wait of the XLSX stream, in the layout of the source, readable to the last row', async () => {
    const file = join(tempDir(), 'long.xlsx');
    const rows = Array.from({ length: 3210 }, (_, i) => [`SKU-${i}`, `-${i}`]);
    expect(await writeTable(file, 'xlsx', ['sku', 'delta'], rows, { delimiter: ';', sheet: 'Artikel' })).toBe(3210);
    const seen: unknown[][] = [];
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file, {})) {
      expect((sheet as unknown as { name: string }).name).toBe('Artikel');
      for await (const row of sheet) seen.push([row.getCell(1).value, row.getCell(2).value]);
    }
    expect(seen).toHaveLength(3211);
    expect(seen.at(-1)).toEqual(['SKU-3209', "'-3209"]);
  });

  it('writes a CSV with the delimiter of the source, and restoreCell undoes safeCell', async () => {
    const file = join(tempDir(), 'rows.csv');
    await writeTable(file, 'csv', ['sku', 'price'], [['A;1', '-5,50']], { delimiter: ';', sheet: 'Rows' });
    expect(readFileSync(file, 'utf8')).toBe('\uFEFFsku;price\r\n"A;1";\'-5,50\r\n');
    expect(HOSTILE.map(safeCell).map(restoreCell)).toEqual(HOSTILE);
    // Text that merely starts with an apostrophe is left alone.
    expect(restoreCell("'quoted")).toBe("'quoted");
  });

  it('fails an export to a place it cannot write with the path, in both formats, leaving no file', async () => {
    const missing = join(tempDir(), 'no-such-folder');
    for (const format of ['csv', 'xlsx'] as const) {
      const file = join(missing, `rows.${format}`);
      await expect(writeTable(file, format, ['a'], [['1']])).rejects.toThrow(`Could not write ${file}: ENOENT`);
    }
  });
});
