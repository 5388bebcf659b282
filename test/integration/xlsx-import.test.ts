import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { CATALOG_COLUMNS, catalogRow, writeCatalogXlsx } from '../support/catalog';
import { hostileSharedStrings, xmlBomb, zipBombs } from '../support/hostile-xlsx';
import { mongoForSuite } from '../support/mongo';
import { tempDir, uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');

describe('XLSX workbooks through the engine', () => {
  const mongo = mongoForSuite();

  it(
    'stages a generated 100,000-row workbook with every row, split into parts of 10,000',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir();
      const file = join(dir, 'catalog-100k.xlsx');
      await writeCatalogXlsx(file, 100_000);
      const engine = ImportEngine.open(join(dir, 'data'));
      try {
        const job = engine.createJob(file, { wholesalerId: 'W-X', database: 'unused', collection: 'unused' });
        const first = await engine.stage(job.id);
        expect(first).toMatchObject({ state: 'staged', batchPart: 1, batchTotalParts: 10, rowsStaged: 10_000 });
        const parts = engine.listBatch(first.batchId ?? '');
        expect(parts.map((p) => [p.batchPart, p.state, p.rowsParsed, p.rowsStaged, p.rowsFailed])).toEqual(
          Array.from({ length: 10 }, (_, i) => [i + 1, 'staged', 10_000, 10_000, 0]),
        );
        expect(first.alert).toBe('Large batch: 100,000 rows, above the warning size of 5,000 for source "default"');
      } finally {
        await engine.close();
      }
    },
  );

  it('writes a workbook to MongoDB with the cells as a catalog manager sees them', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.xlsx');
    await writeCatalogXlsx(file, 1500);
    const database = uniqueDbName('xlsx');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = engine.createJob(file, { wholesalerId: 'W-X', database, collection: 'products' });
      expect(await engine.runJob(job.id, mongoUri)).toMatchObject({ state: 'completed', rowsWritten: 1500 });
      const docs = await mongo().db(database).collection('products').find().sort({ entity_code: 1 }).toArray();
      expect(docs).toHaveLength(1500);
      docs.forEach((doc, index) => {
        const expected = catalogRow(index + 1);
        for (const column of CATALOG_COLUMNS) {
          // The price column is auto-mapped to a number.
          const want = column === 'price' ? Number(expected.price) : expected[column];
          expect(doc[column], `${expected.entity_code}.${column}`).toBe(want);
        }
      });
    } finally {
      await engine.close();
    }
  });

  it('ends each hostile workbook as a clear job error, and goes on importing', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = (name: string): string => join(dir, name);
    zipBombs(file('bomb.xlsx'), file('liar.xlsx'));
    xmlBomb(file('laughs.xlsx'));
    hostileSharedStrings(file('strings.xlsx'), 200);
    await writeCatalogXlsx(file('good.xlsx'), 300);
    const engine = ImportEngine.open(join(dir, 'data'));
    const target = { wholesalerId: 'W-X', database: 'unused', collection: 'unused' };
    try {
      const outcomes: [string | null, string | null][] = [];
      for (const name of ['bomb.xlsx', 'liar.xlsx', 'laughs.xlsx', 'strings.xlsx', 'good.xlsx']) {
        const job = await engine.stage(engine.createJob(file(name), target).id);
        outcomes.push([job.state, job.state === 'failed' ? job.message : null]);
      }
      expect(outcomes).toEqual([
        [
          'failed',
          expect.stringMatching(
            /^bomb\.xlsx: .* is compressed \d+ to 1 \(at most 100 accepted\), a sign of a ZIP bomb$/,
          ),
        ],
        [
          'failed',
          'liar.xlsx: xl/worksheets/sheet1.xml in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb',
        ],
        [
          'failed',
          'laughs.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml: it declares a DOCTYPE, which no spreadsheet needs)',
        ],
        // Rows of 480,000 characters each: read, mapped and staged in batches small enough for the heap.
        ['staged', null],
        ['staged', null],
      ]);
    } finally {
      await engine.close();
    }
  });
});
