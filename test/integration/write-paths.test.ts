import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { listRowErrors } from '../../src/main/core/store/row-errors';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { mongoForSuite } from '../support/mongo';
import { source } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');

describe('writes to MongoDB', () => {
  const mongo = mongoForSuite();

  async function importFile(engine: ImportEngine, file: string, database: string) {
    const job = engine.createJob(file, { wholesalerId: 'W-7', database, collection: 'products' });
    return engine.runJob(job.id, mongoUri);
  }

  it('updates exactly the changed rows of a re-import and leaves the rest untouched', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    const database = uniqueDbName('changed');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      await writeCatalogCsv(file, 300);
      expect(await importFile(engine, file, database)).toMatchObject({ state: 'completed', rowsWritten: 300 });
      const products = mongo().db(database).collection('products');
      const before = new Map((await products.find().toArray()).map((d) => [d.entity_code as string, d]));

      const changed = new Set([7, 150, 299]);
      await writeCatalogCsv(file, 300, (i) => (changed.has(i) ? { ...catalogRow(i), price: '1.00' } : catalogRow(i)));
      expect(await importFile(engine, file, database)).toMatchObject({
        state: 'completed',
        rowsWritten: 3,
        rowsUnchanged: 297,
      });

      const after = await products.find().toArray();
      expect(after).toHaveLength(300);
      for (const doc of after) {
        const i = Number((doc.entity_code as string).slice(4));
        const old = before.get(doc.entity_code as string);
        if (changed.has(i)) {
          expect(doc.price).toBe(1);
          expect(doc.content_hash).not.toBe(old?.content_hash);
        } else {
          expect(doc).toEqual(old);
        }
      }
    } finally {
      await engine.close();
    }
  });

  it('turns a row refused by the unique index into an error row with the server message, and a retry sends it alone', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    const database = uniqueDbName('refused');
    const products = mongo().db(database).collection('products');
    // A document written by another tool: same wholesaler and entity code, its own ObjectId _id.
    await products.createIndexes([
      { key: { wholesaler_id: 1, entity_code: 1 }, unique: true, name: 'wholesaler_entity_unique' },
    ]);
    await products.insertOne({ wholesaler_id: 'W-7', entity_code: catalogRow(5).entity_code, name: 'legacy' });
    await writeCatalogCsv(file, 20);
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = await importFile(engine, file, database);
      expect(job).toMatchObject({ state: 'completed_with_errors', rowsWritten: 19, rowsFailed: 1, rowsRetryable: 1 });
      const [error] = listRowErrors(engine.db, job.id);
      expect(error).toMatchObject({ rowNo: 6, stage: 'write', code: '11000', value: catalogRow(5).entity_code });
      expect(error?.message).toMatch(/duplicate key/i);
      expect(await products.countDocuments()).toBe(20);
      expect(await products.findOne({ entity_code: catalogRow(5).entity_code })).toMatchObject({ name: 'legacy' });

      // The cause removed in MongoDB, a retry sends that row alone.
      await products.deleteOne({ name: 'legacy' });
      const retried = await engine.retryFailedRows(job.id, mongoUri);
      expect(retried).toMatchObject({
        state: 'completed',
        rowsWritten: 20,
        rowsUnchanged: 0,
        rowsFailed: 0,
        rowsRetryable: 0,
      });
      expect(listRowErrors(engine.db, job.id)).toEqual([]);
      expect(await products.findOne({ entity_code: catalogRow(5).entity_code })).toMatchObject({
        name: catalogRow(5).name,
      });
      expect(await products.countDocuments()).toBe(20);
    } finally {
      await engine.close();
    }
  });

  it('keeps the rows staged and the job waiting while MongoDB is unreachable', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 50);
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const database = uniqueDbName('later');
      const job = engine.createJob(file, { wholesalerId: 'W-7', database, collection: 'products' });
      const waiting = await engine.runJob(job.id, 'mongodb://127.0.0.1:1/');
      expect(waiting).toMatchObject({ state: 'waiting', rowsStaged: 50, rowsWritten: 0 });
      expect(waiting.message).toContain('MongoDB at 127.0.0.1:1 is unreachable');

      const [synced] = await engine.syncQueued(mongoUri);
      expect(synced).toMatchObject({ id: job.id, state: 'completed', rowsWritten: 50 });
      expect(await mongo().db(database).collection('products').countDocuments()).toBe(50);
    } finally {
      await engine.close();
    }
  });

  it('syncs a waiting job once when two syncs are asked for at the same time: the second joins the first', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 3000);
    const database = uniqueDbName('twice');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = engine.createJob(file, { wholesalerId: 'W-7', database, collection: 'products' });
      expect(await engine.runJob(job.id, null)).toMatchObject({ state: 'waiting', rowsStaged: 3000 });
      const [first, second] = await Promise.all([engine.syncQueued(mongoUri), engine.syncQueued(mongoUri)]);
      expect(first).toEqual([expect.objectContaining({ state: 'completed', rowsWritten: 3000, chunksWritten: 3 })]);
      expect(second).toEqual(first);
      expect(await mongo().db(database).collection('products').countDocuments()).toBe(3000);
    } finally {
      await engine.close();
    }
  });

  it.each([
    ['in one chunk', 1000],
    ['across chunks', 2],
  ])('lets the last row for an entity win when the source says so, %s', async (_where, chunkSize) => {
    const dir = tempDir();
    const database = uniqueDbName('repeat');
    const engine = ImportEngine.open(join(dir, 'data'));
    const target = source({
      wholesalerId: 'W-7',
      database,
      collection: 'products',
      duplicates: 'last_wins',
      limits: { ...source().limits, chunkSize },
    });
    const run = async (name: string, lines: string[]) => {
      const file = join(dir, name);
      writeFileSync(file, ['entity_code,price', ...lines].join('\n') + '\n');
      return engine.runJob(engine.createJob(file, target).id, mongoUri);
    };
    try {
      await run('first.csv', ['X,1.00', 'Y,1.00']);
      // X changes and changes back within the file; Y is unchanged, then changes twice.
      expect(await run('second.csv', ['X,2.00', 'Y,1.00', 'X,1.00', 'Y,3.00', 'Y,4.00'])).toMatchObject({
        state: 'completed',
        rowsParsed: 5,
        rowsRepeated: 3,
        rowsStaged: 2,
        rowsUnchanged: 1,
        rowsWritten: 1,
      });
      const docs = await mongo().db(database).collection('products').find().sort({ entity_code: 1 }).toArray();
      expect(docs.map((d) => [d.entity_code as string, d.price as number])).toEqual([
        ['X', 1],
        ['Y', 4],
      ]);
    } finally {
      await engine.close();
    }
  });
});
