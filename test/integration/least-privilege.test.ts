import { join } from 'node:path';
import { Collection, MongoServerError } from 'mongodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { writeCatalogCsv } from '../support/catalog';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { tempDir, uniqueDbName } from '../support/temp';

/**
 * The test servers enforce no roles (FerretDB 1.24 accepts only `roles: []`, mongo-java-server has
 * no authentication), so the server's refusals are played by the driver's own Collection methods,
 * with the shapes MongoDB answers with.
 */
const refusal = (errmsg: string, code: number, codeName: string): MongoServerError =>
  new MongoServerError({ ok: 0, errmsg, code, codeName });

const refuseCreateIndexes = (error: MongoServerError) =>
  vi.spyOn(Collection.prototype, 'createIndexes').mockRejectedValue(error);

const refuseCollStats = () =>
  vi.spyOn(Collection.prototype, 'aggregate').mockImplementation(
    () =>
      ({
        toArray: () =>
          Promise.reject(
            refusal(
              'not authorized on pim to execute command { aggregate: "products", pipeline: [ { $collStats: { count: {} } } ] }',
              13,
              'Unauthorized',
            ),
          ),
      }) as never,
  );

describe('a job on a collection where the role or the sharding leaves things out', () => {
  const mongo = mongoForSuite();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function importTwice(label: string) {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 50);
    const target = { wholesalerId: 'W-5', database: uniqueDbName(label), collection: 'products' };
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const first = await engine.runJob(engine.createJob(file, target).id, mongoUri());
      const again = await engine.runJob(engine.createJob(file, target).id, mongoUri());
      // The refusals were for the engine's client; this one reads back what was written.
      vi.restoreAllMocks();
      const products = mongo().db(target.database).collection('products');
      const names = await mongo().db(target.database).listCollections().toArray();
      const indexes = names.length ? (await products.indexes()).map((index) => index.name) : [];
      return { first, again, documents: (await products.find().toArray()).length, indexes };
    } finally {
      await engine.close();
    }
  }

  it('writes without the unique index or the count when the role has neither, saying so in the alert', async () => {
    refuseCreateIndexes(
      refusal(
        'not authorized on pim to execute command { createIndexes: "products", indexes: [ { key: { wholesaler_id: 1, entity_code: 1 }, unique: true, name: "wholesaler_entity_unique" } ], $db: "pim" }',
        13,
        'Unauthorized',
      ),
    );
    refuseCollStats();
    const { first, again, documents, indexes } = await importTwice('no_privileges');
    expect(first).toMatchObject({ state: 'completed', rowsWritten: 50, message: null });
    expect(first.alert).toMatch(
      /^The unique index wholesaler_entity_unique .* may not create indexes \(createIndex\) .* no longer refused\./,
    );
    // The count is read only where it chooses between a snapshot and lookups: on FerretDB.
    const info = await mongo().db('admin').command({ buildInfo: 1 });
    expect(first.alert?.includes('the MongoDB user may not run collStats there')).toBe('ferretdbVersion' in info);
    // Each job is told, and nothing is written twice: identity rests on the _id.
    expect(again).toMatchObject({ state: 'completed', rowsWritten: 0, rowsUnchanged: 50, alert: first.alert });
    expect(documents).toBe(50);
    expect(indexes).toEqual(['_id_']);
  });

  it('skips the unique index on a collection sharded by hashed _id, telling each job', async () => {
    refuseCreateIndexes(
      refusal(
        'cannot create unique index over { wholesaler_id: 1, entity_code: 1 } with shard key pattern { _id: "hashed" }',
        67,
        'CannotCreateIndex',
      ),
    );
    const { first, again, documents } = await importTwice('sharded');
    expect(first, first.message ?? '').toMatchObject({ state: 'completed', rowsWritten: 50 });
    expect(first.alert).toContain('is sharded by { _id: "hashed" }, and MongoDB allows a unique index only when');
    expect(first.alert).not.toContain('collStats');
    expect(again).toMatchObject({ state: 'completed', rowsUnchanged: 50, alert: first.alert });
    expect(documents).toBe(50);
  });

  it('still fails the job when creating the index fails for another reason', async () => {
    refuseCreateIndexes(refusal('Index build failed: disk full', 67, 'CannotCreateIndex'));
    const { first } = await importTwice('index_failed');
    expect(first).toMatchObject({
      state: 'failed',
      message: 'Writing to MongoDB failed: Index build failed: disk full',
    });
  });
});
