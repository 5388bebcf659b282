import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SHARED_STRING_LIMITS, SharedStrings } from '../../src/main/core/ingest/xlsx/shared-strings';
import { tempDir } from '../support/temp';
import { MAIN, sheetXml, workbookEntries } from '../support/workbook';
import { fieldsOf, readAll } from '../support/xlsx';
import { writeZip, type LocalOverrides, type ZipEntry } from '../support/zip';

const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>entity_code</t></is></c></row>';

/** A workbook whose one sheet is `sheet` (XML), written as `entry` says. */
function workbook(name: string, sheet: string, entry: Partial<ZipEntry> = {}): string {
  const file = join(tempDir(), name);
  const [first, ...rest] = workbookEntries({ sheets: [sheet] });
  if (!first) throw new Error('a workbook has a sheet');
  writeZip(file, [{ ...first, ...entry }, ...rest]);
  return file;
}

describe('hostile and damaged workbooks', () => {
  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['a CSV file renamed', Buffer.from('entity_code,name\nA,Drill\n')],
  ])('refuses %s as no XLSX workbook', async (_name, bytes) => {
    const file = join(tempDir(), 'fake.xlsx');
    writeFileSync(file, bytes);
    await expect(readAll(file)).rejects.toThrow('fake.xlsx: not an XLSX workbook (it is not a ZIP archive)');
  });

  it('refuses a workbook whose compressed parts were overwritten', async () => {
    const dir = tempDir();
    const whole = join(dir, 'whole.xlsx');
    const book = new ExcelJS.Workbook();
    book.addWorksheet('S').addRows(Array.from({ length: 500 }, (_, i) => [`code-${i}`, i, 'text '.repeat(20)]));
    await book.xlsx.writeFile(whole);
    const bytes = readFileSync(whole);
    const damaged = join(dir, 'damaged.xlsx');
    writeFileSync(
      damaged,
      Buffer.concat([Buffer.alloc(bytes.length - 2000, 0x41), bytes.subarray(bytes.length - 2000)]),
    );
    await expect(readAll(damaged)).rejects.toThrow(/^damaged\.xlsx: the workbook is damaged \(/);
  });

  it('refuses a ZIP bomb from its directory, before inflating it', async () => {
    const file = workbook('bomb.xlsx', '', { data: Buffer.alloc(200 * 1024 * 1024) });
    await expect(readAll(file)).rejects.toThrow(
      /^bomb\.xlsx: xl\/worksheets\/sheet1\.xml in the workbook is compressed \d+ to 1 \(at most 100 accepted\), a sign of a ZIP bomb$/,
    );
  });

  it('stops a part that inflates past what the directory declares, as it inflates', async () => {
    const liar = workbook('liar.xlsx', '', {
      data: Buffer.alloc(30 * 1024 * 1024, ' '),
      declaredSize: 600 * 1024,
    });
    await expect(readAll(liar)).rejects.toThrow(
      'liar.xlsx: xl/worksheets/sheet1.xml in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb',
    );
  });

  it.each<[string, LocalOverrides, boolean]>([
    ['compression method', { method: 8 }, true],
    ['name', { name: 'xl/worksheets/sheet9.xml' }, false],
    ['flags', { flags: 0x801 }, false],
    ['sizes', { uncompressedSize: 10 }, false],
  ])('refuses a local header that disagrees with the directory on its %s', async (what, local, stored) => {
    const file = workbook('two-faced.xlsx', sheetXml(HEADER), { local, stored });
    await expect(readAll(file)).rejects.toThrow(
      `two-faced.xlsx: the workbook is damaged (the local header of xl/worksheets/sheet1.xml disagrees with the ZIP directory on its ${what})`,
    );
  });

  it('refuses an XML bomb: a DOCTYPE is never read, let alone its entities expanded', async () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">${entities}]><worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e10;</t></is></c></row></sheetData></worksheet>`;
    await expect(readAll(workbook('laughs.xlsx', xml))).rejects.toThrow(
      'laughs.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml: it declares a DOCTYPE, which no spreadsheet needs)',
    );
  });

  it('refuses elements nested past any real part, and a node longer than any cell', async () => {
    const deep = `<worksheet xmlns="${MAIN}">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</worksheet>`;
    await expect(readAll(workbook('deep.xlsx', deep))).rejects.toThrow(
      'deep.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml: its elements nest more than 64 deep)',
    );
    // Digits that do not compress, so that the ratio check passes them.
    const digits = Array.from(randomBytes(5_000_000), (byte) => String(byte % 10)).join('');
    const long = sheetXml(`<row r="1"><c r="A1"><v>${digits}</v></c></row>`);
    await expect(readAll(workbook('long.xlsx', long))).rejects.toThrow(
      'long.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml: one of its nodes runs past 1,048,576 characters)',
    );
  });

  it('turns a row past Excel columns into an error row, and ends at a row past its last', async () => {
    const cells = Array.from({ length: 16_385 }, (_, i) => `<c t="inlineStr"><is><t>${i}</t></is></c>`).join('');
    const wide = sheetXml(
      `${HEADER}<row r="2">${cells}</row><row r="3"><c r="A3" t="inlineStr"><is><t>ok</t></is></c></row>`,
    );
    expect(fieldsOf(await readAll(workbook('wide.xlsx', wide)))).toEqual([
      [1, ['entity_code']],
      [2, "the row has cells past Excel's last column (XFD)"],
      [3, ['ok']],
    ]);
    const tall = sheetXml(`${HEADER}<row r="1048577"><c r="A1048577"><v>1</v></c></row>`);
    await expect(readAll(workbook('tall.xlsx', tall))).rejects.toThrow(
      "tall.xlsx: row 1048577 is past Excel's last row",
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

  it('refuses a shared strings table past its limits, in strings or in characters', () => {
    const many = new SharedStrings();
    for (let i = 0; i < SHARED_STRING_LIMITS.strings; i++) many.add('');
    expect(() => {
      many.add('');
    }).toThrow("the workbook's shared strings pass 8,000,000 strings or 128,000,000 characters");
    const long = new SharedStrings();
    const block = 'x'.repeat(1_000_000);
    for (let i = 0; i < 128; i++) long.add(block);
    expect(() => {
      long.add('y');
    }).toThrow("the workbook's shared strings pass");
  });
});
