import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { safeCell } from '../../src/main/core/report/safe-cell';
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
});
