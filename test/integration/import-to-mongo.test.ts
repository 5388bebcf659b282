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

  it('writes every row exactly once with the fields of the file, and a re-import adds nothing', async () => {
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
      expect(job).toMatchObject({
        state: 'completed',
        rowsParsed: ROWS,
        rowsStaged: ROWS,
        rowsWritten: ROWS,
        rowsFailed: 0,
      });
      expect(job.chunksWritten).toBe(ROWS / 1000);
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
          expect(doc[column], `${expected.entity_code}.${column}`).toBe(expected[column]);
        expect(doc.wholesaler_id).toBe('W-001');
      });

      const again = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      expect(again).toMatchObject({ state: 'completed', rowsWritten: 0, rowsUnchanged: ROWS });
      expect(await products.countDocuments()).toBe(ROWS);
    } finally {
      await engine.close();
    }
  });
});
