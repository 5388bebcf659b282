import { join } from 'node:path';
import { MongoNetworkError, MongoServerError, type Collection } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { ProductDocument } from '../../src/main/core/sync/document';
import { openDatabase } from '../../src/main/core/store/database';
import { documentCount, prepareHashLookup, type LookupCollection } from '../../src/main/core/sync/remote-hashes';
import { ensureEntityIndex, prepareTarget, withWarning } from '../../src/main/core/sync/target-setup';
import { tempDir } from '../support/temp';

/** The server's refusals as the driver hands them over (errmsg, code, codeName). */
const unauthorized = (command: string): MongoServerError =>
  new MongoServerError({
    ok: 0,
    errmsg: `not authorized on pim to execute command { ${command}: "products", lsid: { id: UUID("0e0f2a4c-9a43-4a5e-b6a3-2f1a0c2f8f11") }, $db: "pim" }`,
    code: 13,
    codeName: 'Unauthorized',
  });
const atlasRefusal = new MongoServerError({
  ok: 0,
  errmsg: 'user is not allowed to do action [createIndex] on [pim.products]',
  code: 8000,
  codeName: 'AtlasError',
});
const shardKeyConflict = new MongoServerError({
  ok: 0,
  errmsg:
    'cannot create unique index over { wholesaler_id: 1, entity_code: 1 } with shard key pattern { _id: "hashed" }',
  code: 67,
  codeName: 'CannotCreateIndex',
});

/** A collection that answers createIndexes and $collStats as told, and records what it was asked. */
function fakeCollection(answers: { createIndexes?: Error; collStats?: Error; count?: number }) {
  const asked: string[] = [];
  const collection = {
    createIndexes: () => {
      asked.push('createIndexes');
      return answers.createIndexes
        ? Promise.reject(answers.createIndexes)
        : Promise.resolve(['wholesaler_entity_unique']);
    },
    aggregate: () => ({
      toArray: () => {
        asked.push('collStats');
        return answers.collStats ? Promise.reject(answers.collStats) : Promise.resolve([{ count: answers.count ?? 0 }]);
      },
    }),
    find: (filter: { _id?: unknown }) => {
      asked.push(filter._id === undefined ? 'scan' : 'lookup');
      return (async function* () {})();
    },
  };
  return { asked, collection: collection as unknown as Collection<ProductDocument> & LookupCollection };
}

describe('a role without the optional privileges, or a sharded collection', () => {
  it('creates the unique index and reads the count when the role allows both, with nothing to warn of', async () => {
    const { asked, collection } = fakeCollection({ count: 10 });
    expect(await prepareTarget(collection, 'pim.products', true)).toBeNull();
    expect(asked).toEqual(['createIndexes', 'collStats']);
  });

  it.each([
    ['Unauthorized (13)', unauthorized('createIndexes')],
    ['Atlas’s refusal (8000)', atlasRefusal],
  ])('skips the unique index when createIndexes is refused as %s, saying what that costs', async (_, error) => {
    const warning = await ensureEntityIndex(fakeCollection({ createIndexes: error }).collection, 'pim.products');
    expect(warning).toBe(
      'The unique index wholesaler_entity_unique on {wholesaler_id, entity_code} was not created: the MongoDB user ' +
        'may not create indexes (createIndex) on pim.products. Each document’s _id carries the wholesaler and entity ' +
        'code, so this app still writes one document per entity; a document another tool writes for the same entity ' +
        'under another _id is no longer refused.',
    );
  });

  it('skips the unique index on a collection sharded by hashed _id, naming the shard key', async () => {
    const warning = await ensureEntityIndex(
      fakeCollection({ createIndexes: shardKeyConflict }).collection,
      'pim.products',
    );
    expect(warning).toContain('pim.products is sharded by { _id: "hashed" }');
    expect(warning).toContain('MongoDB allows a unique index only when it starts with the shard key');
    expect(warning).toContain('this app still writes one document per entity');
  });

  it.each<[string, Error]>([
    ['another CannotCreateIndex', new MongoServerError({ errmsg: 'Index build failed: out of disk', code: 67 })],
    [
      'an index of that name with other options',
      new MongoServerError({
        errmsg: 'An existing index has the same name',
        code: 86,
        codeName: 'IndexKeySpecsConflict',
      }),
    ],
    ['a lost connection', new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
  ])('still fails on %s', async (_, error) => {
    await expect(ensureEntityIndex(fakeCollection({ createIndexes: error }).collection, 'pim.products')).rejects.toBe(
      error,
    );
  });

  it('counts as unknown when $collStats is refused, and says lookups go chunk by chunk', async () => {
    const { collection } = fakeCollection({ collStats: unauthorized('aggregate') });
    expect(await documentCount(collection)).toBeNull();
    const warning = await prepareTarget(collection, 'pim.products', true);
    expect(warning).toBe(
      'The document count of pim.products could not be read: the MongoDB user may not run collStats there. Each ' +
        'chunk looks up its own documents instead of the job reading the wholesaler’s documents in one pass, which ' +
        'is slower when a job rewrites a large share of the collection.',
    );
  });

  it('asks no count where the server does not use it (MongoDB: lookups by _id, no snapshot)', async () => {
    const { asked, collection } = fakeCollection({ collStats: unauthorized('aggregate') });
    expect(await prepareTarget(collection, 'pim.products', false)).toBeNull();
    expect(asked).toEqual(['createIndexes']);
  });

  it('gives both warnings when the role has neither privilege', async () => {
    const { collection } = fakeCollection({
      createIndexes: unauthorized('createIndexes'),
      collStats: unauthorized('aggregate'),
    });
    const warning = await prepareTarget(collection, 'pim.products', true);
    expect(warning).toMatch(
      /^The unique index .* was not created: .* The document count of pim\.products could not be read/,
    );
  });

  it('counts a collection not created yet as empty (no unique index was made to create it)', async () => {
    const missing = new MongoServerError({
      errmsg: 'ns not found: pim.products',
      code: 26,
      codeName: 'NamespaceNotFound',
    });
    expect(await documentCount(fakeCollection({ collStats: missing }).collection)).toBe(0);
  });

  it('still fails when $collStats fails for another reason', async () => {
    const error = new MongoNetworkError('connection closed');
    await expect(documentCount(fakeCollection({ collStats: error }).collection)).rejects.toBe(error);
  });

  it('looks documents up per chunk when the count is unknown, where a known small count reads them in one pass', async () => {
    const db = openDatabase(join(tempDir(), 'queue.db'));
    try {
      const refused = fakeCollection({ collStats: unauthorized('aggregate') });
      const lookup = await prepareHashLookup(
        db,
        'server/pim.products#W1',
        'W1',
        1000,
        refused.collection,
        new AbortController().signal,
      );
      await lookup.find([]);
      expect(refused.asked).toEqual(['collStats']);
      expect(db.prepare('SELECT COUNT(*) AS n FROM hash_snapshots').get()).toEqual({ n: 0 });

      const counted = fakeCollection({ count: 10 });
      await prepareHashLookup(
        db,
        'server/pim.products#W2',
        'W2',
        1000,
        counted.collection,
        new AbortController().signal,
      );
      expect(counted.asked).toEqual(['collStats', 'scan']);
    } finally {
      db.close();
    }
  });
});

describe("the job's alert", () => {
  it('gains the warning once, after what it already says', () => {
    expect(withWarning(null, 'Index skipped.')).toBe('Index skipped.');
    expect(withWarning('Large batch: 12,000 rows.', 'Index skipped.')).toBe('Large batch: 12,000 rows. Index skipped.');
    expect(withWarning('Large batch: 12,000 rows. Index skipped.', 'Index skipped.')).toBeNull();
  });
});
