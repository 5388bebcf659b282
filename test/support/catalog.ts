import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { withCheckDigit } from '../../src/main/core/ingest/gtin';

export const CATALOG_COLUMNS = ['entity_code', 'name', 'brand', 'price', 'ean', 'color', 'description'] as const;
export type CatalogRow = Record<(typeof CATALOG_COLUMNS)[number], string>;

const BRANDS = ['Bosch', 'Makita', 'Würth', 'Fischer', 'Hilti', 'Stanley'];
const COLORS = ['red', 'blue', 'black', 'yellow', 'green'];

/** The i-th row of a realistic catalog: codes with leading zeros, text with commas and quotes. */
export function catalogRow(i: number): CatalogRow {
  return {
    entity_code: `SKU-${String(i).padStart(7, '0')}`,
    name: `Cordless drill ${i}, 18V "Pro"`,
    brand: BRANDS[i % BRANDS.length] as string,
    price: ((i % 5000) / 10 + 9.99).toFixed(2),
    ean: withCheckDigit(String(400638133393 + i).padStart(12, '0')),
    color: COLORS[i % COLORS.length] as string,
    description: `Item ${i} for the trade; ships in ${1 + (i % 9)} days`,
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** Writes a catalog CSV of `rows` data rows, streaming, so large files cost no memory. */
export async function writeCatalogCsv(
  file: string,
  rows: number,
  row: (i: number) => CatalogRow = catalogRow,
): Promise<void> {
  const out = createWriteStream(file);
  out.write(csvLine(CATALOG_COLUMNS));
  for (let i = 1; i <= rows; i++) {
    if (!out.write(csvLine(CATALOG_COLUMNS.map((c) => row(i)[c])))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Writes the same catalog as an XLSX workbook with exceljs's streaming writer (shared strings, as Excel writes them). */
export async function writeCatalogXlsx(
  file: string,
  rows: number,
  row: (i: number) => CatalogRow = catalogRow,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Catalog');
  sheet.addRow([...CATALOG_COLUMNS]).commit();
  for (let i = 1; i <= rows; i++) {
    const cells = row(i);
    // Prices as numbers, the way a spreadsheet holds them; everything else as text.
    sheet.addRow(CATALOG_COLUMNS.map((c) => (c === 'price' ? Number(cells[c]) : cells[c]))).commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** What a product document written from catalog row i must hold, besides the app's own fields. */
export function catalogDocument(row: CatalogRow, wholesalerId: string): Record<string, unknown> {
  return { ...row, price: Number(row.price), wholesaler_id: wholesalerId, isCurrent: true, isCurrentPublished: false };
}

/**
 * Compares a collection's documents with catalog rows 1..rows, row by row: one document per
 * entity, each with the row's content and the version `version(i)` says. Gives what differs.
 */
export function catalogMismatches(
  docs: readonly Record<string, unknown>[],
  rows: number,
  expected: { wholesalerId: string; row?: (i: number) => CatalogRow; version: (i: number) => number },
): string[] {
  const byCode = new Map<unknown, Record<string, unknown>[]>();
  for (const doc of docs) byCode.set(doc.entity_code, [...(byCode.get(doc.entity_code) ?? []), doc]);
  const problems: string[] = [];
  if (docs.length !== rows) problems.push(`${docs.length} documents for ${rows} rows`);
  for (let i = 1; i <= rows; i++) {
    const row = (expected.row ?? catalogRow)(i);
    const found = byCode.get(row.entity_code) ?? [];
    if (found.length !== 1) {
      problems.push(`${row.entity_code}: ${found.length} documents`);
      continue;
    }
    const doc = found[0] as Record<string, unknown>;
    const want = { ...catalogDocument(row, expected.wholesalerId), version: expected.version(i) };
    for (const [field, value] of Object.entries(want)) {
      if (doc[field] !== value)
        problems.push(`${row.entity_code}.${field}: ${String(doc[field])}, not ${String(value)}`);
    }
    if (problems.length > 20) break;
  }
  return problems;
}
