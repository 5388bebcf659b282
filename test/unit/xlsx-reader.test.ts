import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TabularItem } from '../../src/main/core/ingest/records';
import { plainSharedStrings } from '../../src/main/core/ingest/xlsx/shared-strings';
import { readXlsx } from '../../src/main/core/ingest/xlsx-reader';
import { tempDir } from '../support/temp';
import { writeZip } from '../support/zip';

async function readAll(file: string, sheet?: string, limits?: ResourceLimits): Promise<TabularItem[]> {
  const items: TabularItem[] = [];
  for await (const item of readXlsx(file, sheet, limits)) items.push(item);
  return items;
}

const fieldsOf = (items: TabularItem[]) =>
  items.map((i) => (i.ok ? [i.record.rowNo, i.record.fields] : [i.problem.rowNo, i.problem.message]));

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** The parts of a small workbook, written by hand: a header, a code and a date (style 1). */
function workbookParts(): { name: string; data: Buffer }[] {
  const parts: [string, string][] = [
    [
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="${MAIN}"><sheetData>` +
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>45352</v></c></row>' +
        '</sheetData></worksheet>',
    ],
    [
      'xl/sharedStrings.xml',
      `<sst xmlns="${MAIN}" count="3" uniqueCount="3"><si><t>entity_code</t></si><si><t>launch</t></si><si><t>A-1</t></si></sst>`,
    ],
    [
      'xl/styles.xml',
      `<styleSheet xmlns="${MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>` +
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    ],
    [
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        '<sheets><sheet name="Products" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ],
  ];
  return parts.map(([name, xml]) => ({ name, data: Buffer.from(xml) }));
}

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

  it('reads a sheet stored before the shared strings, styles and workbook it needs', async () => {
    const file = join(tempDir(), 'sheet-first.xlsx');
    writeZip(file, workbookParts());
    expect(fieldsOf(await readAll(file))).toEqual([
      [1, ['entity_code', 'launch']],
      [2, ['A-1', '2024-03-01']],
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

  it('ends the read with the bomb error when an entry after the sheet lies about its size', async () => {
    const file = join(tempDir(), 'late-liar.xlsx');
    const data = Buffer.alloc(300 * 1024 * 1024);
    writeZip(file, [...workbookParts(), { name: 'xl/media/image1.png', data, declaredSize: 300 * 1024 }]);
    await expect(readAll(file)).rejects.toThrow(
      'late-liar.xlsx: xl/media/image1.png in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb',
    );
  });

  it('stops a workbook that needs more memory than an import may use, and says so', async () => {
    // One cell of 48 MB, compressed about 40 to 1: the archive checks pass it, a 32 MB heap cannot hold it.
    const file = join(tempDir(), 'huge-cell.xlsx');
    const block = Array.from({ length: 1024 }, (_, i) => `${'x'.repeat(250)}${String(i).padStart(6, '0')}`).join('');
    const sheet = `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${block.repeat(192)}</t></is></c></row></sheetData></worksheet>`;
    writeZip(file, [
      ...workbookParts().filter((part) => part.name !== 'xl/worksheets/sheet1.xml'),
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ]);
    await expect(readAll(file, undefined, { maxOldGenerationSizeMb: 32 })).rejects.toThrow(
      'reading the file needed more than the 32 MB an import may use, so it was stopped',
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

describe('plainSharedStrings', () => {
  /** What exceljs's streaming reader caches for a shared strings part, or the error it fails with. */
  async function exceljsSharedStrings(file: string, xml: string): Promise<unknown> {
    writeZip(file, [{ name: 'xl/sharedStrings.xml', data: Buffer.from(xml) }]);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache' });
    const sheets: unknown[] = [];
    try {
      for await (const sheet of reader) sheets.push(sheet);
    } catch (error) {
      return error;
    }
    return (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings;
  }

  const piece = fc.oneof(
    fc.constantFrom('&', '<', '>', '"', "'", ' ', '\t', '\n', '\r', ']]>', ';', 'é', '€', '😀', '\u0001', '\uFFFE'),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  );
  const text = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
  /** Text as XML: `&` and `<` always escaped (unless `raw`), the rest as a writer may choose. */
  const escaped = (value: string, style: number, raw: boolean): string => {
    if (raw) return value;
    const xml = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    if (style === 1) return xml.replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    if (style === 2) return xml.replace(/"/g, '&#34;');
    return xml;
  };
  const si = fc
    .record({
      value: text,
      form: fc.constantFrom('<t>', '<t xml:space="preserve">', '<t/>', '<r><t>'),
      style: fc.integer({ min: 0, max: 2 }),
      raw: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      space: fc.constantFrom('', '', '\n', '  '),
    })
    .map(({ value, form, style, raw, space }) => {
      const body = escaped(value, style, raw);
      if (form === '<t/>') return `${space}<si><t/></si>`;
      if (form === '<r><t>') return `${space}<si><r><t>${body}</t></r></si>`;
      return `${space}<si>${form}${body}</t></si>`;
    });
  const part = fc
    .record({
      strings: fc.array(si, { maxLength: 8 }),
      declaration: fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'),
    })
    .map(
      ({ strings, declaration }) =>
        `${declaration}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.join('')}</sst>`,
    );

  it('gives what exceljs caches, whenever it reads a part itself', async () => {
    const dir = tempDir();
    let plain = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(part, async (xml) => {
        const ours = plainSharedStrings(xml);
        if (ours === null) return;
        plain++;
        expect(await exceljsSharedStrings(join(dir, `sst-${n++}.xlsx`), xml)).toEqual(ours);
      }),
      { numRuns: 400 },
    );
    // Most generated parts are plain: the comparison above is not vacuous.
    expect(plain).toBeGreaterThan(40);
  });

  it.each([
    ['rich text', '<sst><si><r><rPr><b/></rPr><t>Bold</t></r></si></sst>'],
    ['a phonetic hint', '<sst><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>'],
    ['a numeric reference', '<sst><si><t>A&#10;B</t></si></sst>'],
    ['an entity XML does not define', '<sst><si><t>&nbsp;</t></si></sst>'],
    ['CDATA', '<sst><si><t><![CDATA[x]]></t></si></sst>'],
    ['a CR', '<sst><si><t>a\rb</t></si></sst>'],
    ['a comment', '<sst><!-- x --><si><t>a</t></si></sst>'],
    ['a document type', '<!DOCTYPE sst [<!ENTITY a "b">]><sst><si><t>&a;</t></si></sst>'],
    ['a namespace prefix', '<x:sst xmlns:x="urn:x"><x:si><x:t>a</x:t></x:si></x:sst>'],
    ['a repeated attribute', '<sst count="1" count="1"><si><t>a</t></si></sst>'],
    ['another encoding', '<?xml version="1.0" encoding="UTF-16"?><sst><si><t>a</t></si></sst>'],
    ['content after the root', '<sst><si><t>a</t></si></sst><sst/>'],
  ])('leaves a part with %s to exceljs', (_name, xml) => {
    expect(plainSharedStrings(xml)).toBeNull();
  });

  it('reads plain parts, empty strings as null as exceljs does', () => {
    expect(
      plainSharedStrings(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="x" count="4"><si><t>A &amp; B</t></si>' +
          '<si><t xml:space="preserve"> 18V &quot;Pro&quot; </t></si><si><t/></si><si><t></t></si></sst>',
      ),
    ).toEqual(['A & B', ' 18V "Pro" ', null, null]);
    expect(plainSharedStrings('<sst/>')).toEqual([]);
  });
});
