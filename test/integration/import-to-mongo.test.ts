import { describe, expect, inject, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { CATALOG_COLUMNS, catalogRow, writeCatalogCsv } from '../support/catalog';
import { mongoForSuite } from '../support/mongo';
import { tempDir, uniqueDbName } from '../support/temp';
import { join } from 'node:path';

const ROWS = 20_000;
const mongoUri = inject('mongoUri');

describe('a 20,000-row catalog CSV through the engine into MongoDB', () => {
  const client = mongoForSuite();

  it('writes every row exactly once in parts of 10,000, with the fields of the file; a re-import adds nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, ROWS);
    const target = { wholesalerId: 'W-001', database: uniqueDbName('skeleton'), collection: 'products' };
    const engine = ImportEngine.open(join(dir, 'data'));
    const events: string[] = [];
    engine.onJob((job) => events.push(job.state));
    try {
      const job = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      expect(job.message).toBeNull();
      const parts = engine.listBatch(job.batchId ?? '');
      expect(
        parts.map((p) => [p.batchPart, p.batchTotalParts, p.state, p.rowsParsed, p.rowsWritten, p.chunksWritten]),
      ).toEqual([
        [1, 2, 'completed', 10_000, 10_000, 10],
        [2, 2, 'completed', 10_000, 10_000, 10],
      ]);
      expect(events).toEqual(expect.arrayContaining(['queued', 'parsing', 'staged', 'syncing', 'completed']));

      const products = client().db(target.database).collection(target.collection);
      const docs = await products
        .find({}, { projection: { _id: 0 } })
        .sort({ entity_code: 1 })
        .toArray();
      expect(docs).toHaveLength(ROWS);
      docs.forEach((doc, index) => {
        const expected = catalogRow(index + 1);
        for (const column of CATALOG_COLUMNS)
          expect(doc[column], `${expected.entity_code}.${column}`).toBe(
            column === 'price' ? Number(expected.price) : expected[column],
          );
        expect(doc.wholesaler_id).toBe('W-001');
      });

      const again = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      expect(engine.listBatch(again.batchId ?? '').map((p) => [p.state, p.rowsWritten, p.rowsUnchanged])).toEqual([
        ['completed', 0, 10_000],
        ['completed', 0, 10_000],
      ]);
      expect(await products.countDocuments()).toBe(ROWS);
    } finally {
      await engine.close();
    }
  });
});
