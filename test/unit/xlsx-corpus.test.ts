import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TabularItem } from '../../src/main/core/ingest/records';
import { readAll } from '../support/xlsx';

/**
 * Every workbook of test/fixtures/xlsx, each written by a real program from spec.json, read and
 * compared cell by cell with the spec's expected text. writers.json lists, with the reason, the
 * cells a writer cannot write as the spec says (its API lacks the feature, or it rounds numbers
 * when it writes them): those cells are compared with what the file holds instead.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'xlsx');

interface SpecRow {
  expected: string[];
}
interface Spec {
  sheets: { name: string; hidden?: boolean; rows: SpecRow[] }[];
  dates1904: { rows: SpecRow[] };
}
interface Exception {
  sheet: string;
  row: number;
  col: number;
  expected?: string;
  error?: boolean;
  why: string;
}
interface Writer {
  file: string;
  writer: string;
  version: string;
  date1904File: string | null;
  exceptions: Exception[];
}

const spec = JSON.parse(readFileSync(join(FIXTURES, 'spec.json'), 'utf8')) as Spec;
const writers = JSON.parse(readFileSync(join(FIXTURES, 'writers.json'), 'utf8')) as Writer[];

/** Each difference between what was read and what the spec (with the writer's exceptions) expects. */
function differences(items: TabularItem[], rows: SpecRow[], exceptions: Exception[]): string[] {
  const found: string[] = [];
  if (items.length !== rows.length) found.push(`${items.length} rows read, ${rows.length} expected`);
  rows.forEach((row, r) => {
    const item = items[r];
    const own = exceptions.filter((e) => e.row === r);
    if (own.some((e) => e.error)) {
      if (item?.ok !== false) found.push(`row ${r}: an error row expected (${own.find((e) => e.error)?.why})`);
      return;
    }
    if (!item?.ok) {
      found.push(`row ${r}: ${item ? item.problem.message : 'missing'}`);
      return;
    }
    const { fields } = item.record;
    for (let c = 0; c < Math.max(fields.length, row.expected.length); c++) {
      const expected = own.find((e) => e.col === c)?.expected ?? row.expected[c] ?? '';
      if ((fields[c] ?? '') !== expected)
        found.push(`row ${r} column ${c}: ${JSON.stringify(fields[c])} for ${JSON.stringify(expected)}`);
    }
  });
  return found;
}

describe('the XLSX corpus: a workbook from each real writer, read exactly', () => {
  it('covers every writer the issue names, and holds 300,000 multi-byte characters', () => {
    expect(writers.map((w) => w.file).sort()).toEqual([
      'exceljs.xlsx',
      'libreoffice.xlsx',
      'odd.xlsx',
      'openpyxl.xlsx',
      'poi-sxssf.xlsx',
      'poi-xssf.xlsx',
      'sheetjs.xlsx',
      'xlsxwriter.xlsx',
    ]);
    const text = spec.sheets.flatMap((s) => s.rows.flatMap((r) => r.expected)).join('');
    expect(text.match(/[^ -~\t\n]/gu)?.length).toBeGreaterThan(300_000);
  });

  it.each(writers.map((w) => [w.file, w] as const))(
    '%s: every cell of every sheet as expected',
    async (_file, writer) => {
      const file = join(FIXTURES, writer.file);
      for (const sheet of spec.sheets) {
        const exceptions = writer.exceptions.filter((e) => e.sheet === sheet.name);
        expect(differences(await readAll(file, sheet.name), sheet.rows, exceptions), sheet.name).toEqual([]);
      }
      // The first sheet is hidden: the default is the first visible one.
      const catalog = spec.sheets.find((s) => !s.hidden);
      const first = (await readAll(file))[0];
      expect(first?.ok && first.record.fields).toEqual(catalog?.rows[0]?.expected);
    },
  );

  it.each(writers.filter((w) => w.date1904File !== null).map((w) => [w.date1904File, w] as const))(
    '%s: dates and times in the 1904 date system',
    async (file, writer) => {
      const items = await readAll(join(FIXTURES, file ?? ''), 'Catalog');
      const exceptions = writer.exceptions.filter((e) => e.sheet === 'dates1904');
      expect(differences(items, spec.dates1904.rows, exceptions)).toEqual([]);
    },
  );
});
