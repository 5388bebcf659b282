import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/main/core/ingest/csv-reader';
import { readXlsx } from '../../src/main/core/ingest/xlsx-reader';
import { CSV_DELIMITERS as DELIMITERS, type CsvDelimiter, type CsvEncoding } from '../../src/preload/contract';
import { tempDir } from '../support/temp';

/** Writes cells as RFC 4180 CSV, quoting the cells that need it. */
function toCsv(table: string[][], delimiter: CsvDelimiter, quoteAnyDelimiter: boolean): string {
  const needsQuotes = (cell: string): boolean =>
    /["\r\n]/.test(cell) || cell.includes(delimiter) || (quoteAnyDelimiter && DELIMITERS.some((d) => cell.includes(d)));
  const line = (row: string[]): string =>
    row.map((c) => (needsQuotes(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
  return table.map(line).join('\r\n') + '\r\n';
}

const ENCODINGS: Record<string, { bytes: (text: string) => Buffer; given?: CsvEncoding }> = {
  'UTF-8': { bytes: (t) => Buffer.from(t, 'utf8') },
  'UTF-8 with BOM': { bytes: (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]) },
  'UTF-16 LE with BOM': { bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]) },
  'UTF-16 BE with BOM': {
    bytes: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
  },
  // Without a byte order mark Windows-1252 can pass for UTF-8, so here it is chosen, as a user would.
  'Windows-1252': { bytes: (t) => Buffer.from(t, 'latin1'), given: 'windows-1252' },
};

const tricky = fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', '\r', ' ', 'é', 'ß', '€', '😀', '', 'a', '0');
const anyCell = fc
  .array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 5 })
  .map((p) => p.join(''));
const latin1Cell = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', ' ', 'é', 'Ä', 'ñ', ''),
      fc.string({ maxLength: 4 }),
    ),
    {
      maxLength: 5,
    },
  )
  .map((p) => p.join('').replace(/[^\t\n\r\x20-\x7e\xa0-\xff]/g, 'x'));

function table(cell: fc.Arbitrary<string>, minColumns: number, rows = { min: 1, max: 12 }): fc.Arbitrary<string[][]> {
  return fc.integer({ min: minColumns, max: 5 }).chain((columns) =>
    fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
      minLength: rows.min,
      maxLength: rows.max,
    }),
  );
}

async function readBack(
  bytes: Buffer,
  given: { delimiter?: CsvDelimiter; encoding?: CsvEncoding },
): Promise<string[][]> {
  const file = join(tempDir(), 'table.csv');
  writeFileSync(file, bytes);
  const rows: string[][] = [];
  for await (const item of readCsv(file, given)) {
    if (!item.ok) throw new Error(`line ${item.problem.lineNo}: ${item.problem.message}`);
    rows.push(item.record.fields);
  }
  return rows;
}

describe('CSV written and read back', () => {
  for (const [name, encoding] of Object.entries(ENCODINGS)) {
    const cell = name === 'Windows-1252' ? latin1Cell : anyCell;
    it(`gives the same table in ${name}, with each delimiter`, async () => {
      await fc.assert(
        fc.asyncProperty(table(cell, 1), fc.constantFrom(...DELIMITERS), async (cells, delimiter) => {
          const bytes = encoding.bytes(toCsv(cells, delimiter, false));
          expect(await readBack(bytes, { delimiter, encoding: encoding.given })).toEqual(cells);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('detects the delimiter of a table with two or more columns', async () => {
    await fc.assert(
      fc.asyncProperty(table(anyCell, 2), fc.constantFrom(...DELIMITERS), async (cells, delimiter) => {
        expect(await readBack(Buffer.from(toCsv(cells, delimiter, true)), {})).toEqual(cells);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same table when records and CRLF breaks straddle the 64 KiB read chunks', async () => {
    const longCell = fc.array(fc.oneof(tricky, fc.string({ maxLength: 40 })), { maxLength: 12 }).map((p) => p.join(''));
    // A first cell of 100 characters in every row makes the file span several read chunks.
    const padded = table(longCell, 1, { min: 2000, max: 3000 }).map((rows) =>
      rows.map((row, i) => [`${i}`.padEnd(100, 'x'), ...row]),
    );
    await fc.assert(
      fc.asyncProperty(padded, fc.constantFrom(...DELIMITERS), async (cells, delimiter) => {
        expect(await readBack(Buffer.from(toCsv(cells, delimiter, false)), { delimiter })).toEqual(cells);
      }),
      { numRuns: 8 },
    );
  });
});

describe('XLSX written and read back', () => {
  // XML holds no control characters but tab and newline, and reads a carriage return as a newline.
  const xlsxCell = anyCell.map((c) => c.replace(/\r\n?/g, '\n'));
  const isBlank = (row: readonly string[]): boolean => row.every((c) => c === '');

  it('gives the same table, empty rows left out', async () => {
    await fc.assert(
      fc.asyncProperty(table(xlsxCell, 1, { min: 0, max: 12 }), async (rows) => {
        const width = rows[0]?.length ?? 1;
        const header = Array.from({ length: width }, (_, i) => `column ${i + 1}`);
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet('Sheet1');
        for (const row of [header, ...rows]) sheet.addRow(row);
        const file = join(tempDir(), 'table.xlsx');
        await workbook.xlsx.writeFile(file);
        const read: string[][] = [];
        for await (const item of readXlsx(file)) {
          if (!item.ok) throw new Error(`row ${item.problem.rowNo}: ${item.problem.message}`);
          read.push(item.record.fields);
        }
        expect(read.filter((r) => !isBlank(r))).toEqual([header, ...rows].filter((r) => !isBlank(r)));
      }),
      { numRuns: 60 },
    );
  });
});
