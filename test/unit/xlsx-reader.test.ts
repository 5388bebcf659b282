import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp';
import { fieldsOf, readAll } from '../support/xlsx';
import { sharedStringsXml, sheetXml, stylesXml, workbookEntries } from '../support/workbook';
import { writeZip } from '../support/zip';

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

/** A one-sheet workbook from row XML, with optional shared strings and number formats. */
function handMade(rows: string, extra: { strings?: string[]; formats?: string[]; date1904?: boolean } = {}): string {
  const file = join(tempDir(), 'hand.xlsx');
  writeZip(
    file,
    workbookEntries({
      sheets: [sheetXml(rows)],
      ...(extra.strings && { sharedStrings: sharedStringsXml(extra.strings) }),
      ...(extra.formats && { styles: stylesXml(extra.formats) }),
      ...(extra.date1904 && { date1904: true }),
    }),
  );
  return file;
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
      [2, "cell B2 holds more than Excel's 32,767 characters a cell"],
      [3, ['B', 'ok']],
    ]);
  });

  it('reads a sheet stored before the shared strings, styles and workbook it needs', async () => {
    const file = handMade(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45352</v></c></row>',
      { strings: ['entity_code', 'launch', 'A-1'], formats: ['yyyy-mm-dd'] },
    );
    expect(fieldsOf(await readAll(file))).toEqual([
      [1, ['entity_code', 'launch']],
      [2, ['A-1', '2024-03-01']],
    ]);
  });

  it('reads cells without references, prefixed elements, escapes and inline rich text', async () => {
    const file = handMade(
      '<row><c t="inlineStr"><is><t>code</t></is></c><c t="inlineStr"><is><t>name</t></is></c></row>' +
        '<x:row xmlns:x="urn:x"><x:c t="inlineStr"><x:is><x:r><x:t>A_x005F_x0041_</x:t></x:r><x:rPh><x:t>ふりがな</x:t></x:rPh><x:r><x:t xml:space="preserve"> &amp;amp;</x:t></x:r></x:is></x:c>' +
        '<x:c t="str"><x:f>A1</x:f><x:v>line_x000D_break</x:v></x:c></x:row>',
    );
    expect(fieldsOf(await readAll(file))).toEqual([
      [1, ['code', 'name']],
      [2, ['A_x0041_ &amp;', 'line\rbreak']],
    ]);
  });

  it('gives each value its documented form, and names a cell that cannot be read', async () => {
    const file = handMade(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>v</t></is></c></row>' +
        '<row r="2"><c r="A2" t="d" s="1"><v>2014-02-14T08:27:48.765Z</v></c></row>' +
        '<row r="3"><c r="A3" s="2"><v>1.5</v></c></row>' +
        '<row r="4"><c r="A4" t="b"><f>1=1</f><v>1</v></c></row>' +
        '<row r="5"><c r="A5" t="e"><f>NA()</f><v>#N/A</v></c></row>' +
        '<row r="6"><c r="A6"><v>1.23456789e+22</v></c></row>' +
        '<row r="7"><c r="A7"><f>1+1</f><v/></c></row>' +
        '<row r="8"><c r="A8" t="s"><v>7</v></c></row>' +
        '<row r="9"><c r="A9" s="3"><v>0</v></c></row>',
      { formats: ['yyyy-mm-dd hh:mm:ss', '[h]:mm:ss', 'yyyy-mm-dd'], date1904: true },
    );
    expect(fieldsOf(await readAll(file))).toEqual([
      [1, ['v']],
      [2, ['2014-02-14T08:27:48.765Z']],
      [3, ['36:00:00']],
      [4, ['true']],
      [5, ['#N/A']],
      [6, ['12345678900000000000000']],
      [7, expect.stringMatching(/^cell A7 holds a formula with no stored result/)],
      [8, 'cell A8 refers to shared string 7, which the workbook does not have'],
      [9, ['1904-01-01']],
    ]);
  });

  it('skips rows without values and refuses rows out of order', async () => {
    const blank = handMade(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="A2" s="0"/></row>' +
        '<row r="3"><c r="B3" t="inlineStr"><is><t>b</t></is></c></row>',
    );
    expect(fieldsOf(await readAll(blank))).toEqual([
      [1, ['a']],
      [3, ['', 'b']],
    ]);
    const backwards = handMade('<row r="5"><c r="A5"><v>1</v></c></row><row r="4"><c r="A4"><v>1</v></c></row>');
    await expect(readAll(backwards)).rejects.toThrow('hand.xlsx: the workbook is damaged (row 4 comes after row 5)');
  });
});
