import type { AnyBulkWriteOperation, BulkWriteOptions, Collection, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/main/core/ingest/content-hash';
import type { StagedRow } from '../../src/main/core/store/staged-rows';
import type { WriteTarget } from '../../src/main/core/sync/chunk-write';
import { writeChunk } from '../../src/main/core/sync/chunk-writer';
import { TRAIL_LENGTH, writeFields, type ProductDocument, type WriteOrigin } from '../../src/main/core/sync/document';
import { byIdLookup, type HashLookup, type Held } from '../../src/main/core/sync/remote-hashes';
import { atomicMongoUri, mongoForSuite } from '../support/mongo';
import { uniqueDbName } from '../support/temp';

/**
 * The chunk writer against the server whose updates are atomic, as MongoDB's are. In the race
 * tests another job's write lands between a chunk's bulk and its read-back every time: the bulk is
 * sent, then the other writer updates some of the documents, then the chunk reads them back.
 */
describe('chunk writes on a server whose updates are atomic', () => {
  const mongo = mongoForSuite(atomicMongoUri);

  const row = (rowNo: number, price: number): StagedRow => {
    const doc = { wholesaler_id: 'W-R', entity_code: `E-${rowNo}`, price };
    return { rowNo, entityCode: doc.entity_code, contentHash: contentHash(canonicalJson(doc)), doc };
  };
  const origin = (jobId: string, queuedAt: string): WriteOrigin => ({
    jobId,
    sourceId: null,
    batchId: null,
    batchPart: null,
    queuedAt: new Date(queuedAt),
  });

  /** A target whose bulk writes are followed, before anything else, by `between`. */
  function target(
    database: string,
    jobId: string,
    between: (products: Collection<ProductDocument>) => Promise<void>,
  ): WriteTarget {
    const products = mongo().db(database).collection<ProductDocument>('products');
    let once = true;
    const collection = {
      find: products.find.bind(products),
      aggregate: products.aggregate.bind(products),
      bulkWrite: async (operations: AnyBulkWriteOperation<ProductDocument>[], options: BulkWriteOptions) => {
        const result = await products.bulkWrite(operations, options);
        if (once) {
          once = false;
          await between(products);
        }
        return result;
      },
    } as unknown as WriteTarget['collection'];
    return {
      collection,
      history: mongo().db(database).collection<ProductDocument>('products_history'),
      origin: origin(jobId, '2026-12-01T00:00:00Z'),
      flights: { planned: () => new Map(), plan: () => undefined },
      updatesPerCommand: 50,
    };
  }

  /** What a newer job's conditional update does to a document: one version over what it read. */
  async function newerJobWrites(products: Collection<ProductDocument>, id: string, price: number): Promise<void> {
    const stored = (await products.findOne({ _id: id })) as Document;
    const version = (stored.version as number) + 1;
    const fields = writeFields(row(0, price), version, origin('newer', '2026-12-02T00:00:00Z'), new Date(), stored);
    const { entity_code: _code, ...rest } = fields;
    const result = await products.updateOne({ _id: id, version: stored.version as number }, { $set: rest });
    expect(result.modifiedCount).toBe(1);
  }

  /** A lookup that gives what was read before the other job wrote. */
  const lookingUp = (held: Map<string, Held>): HashLookup => ({
    find: () => Promise.resolve(held),
  });

  const history = async (database: string): Promise<Document[]> =>
    mongo().db(database).collection('products_history').find().sort({ _id: 1 }).toArray();

  it('counts a write another job went over before its read-back as written, with its history version', async () => {
    const database = uniqueDbName('race-over');
    const rows = [1, 2, 3, 4].map((n) => row(n, 1));
    await writeChunk(
      target(database, 'base', () => Promise.resolve()),
      rows,
      byIdLookup(mongo().db(database).collection('products')),
    );
    // The older job reads all four (E-4 is unchanged); then a newer job writes E-3, so the older
    // job's update of it matches nothing. Its updates of E-1 and E-2 land, and before it reads
    // them back the newer job writes E-1 too.
    const race = target(database, 'older', (products) => newerJobWrites(products, 'W-R:E-1', 7));
    const changed = [row(1, 2), row(2, 2), row(3, 2), row(4, 1)];
    const held = await byIdLookup(race.collection).find(changed);
    await newerJobWrites(mongo().db(database).collection<ProductDocument>('products'), 'W-R:E-3', 7);
    const outcome = await writeChunk(race, changed, lookingUp(held));
    expect({ ...outcome, writtenRowNos: outcome.writtenRowNos.sort() }).toEqual({
      writtenRowNos: [1, 2],
      unchangedRowNos: [4],
      supersededRowNos: [3],
      errors: [],
    });
    const versions = (await history(database)).map((h): unknown[] => [
      h._id,
      h.price,
      (h.import as { job_id: string }).job_id,
    ]);
    expect(versions).toEqual([
      ['W-R:E-1:v1', 1, 'base'],
      ['W-R:E-1:v2', 2, 'older'],
      ['W-R:E-2:v1', 1, 'base'],
      ['W-R:E-2:v2', 2, 'older'],
      ['W-R:E-3:v1', 1, 'base'],
      ['W-R:E-4:v1', 1, 'base'],
    ]);
    const stored = await mongo().db(database).collection('products').find().sort({ _id: 1 }).toArray();
    expect(stored.map((d): unknown[] => [d._id, d.price, d.version])).toEqual([
      ['W-R:E-1', 7, 3],
      ['W-R:E-2', 2, 2],
      ['W-R:E-3', 7, 2],
      ['W-R:E-4', 1, 1],
    ]);
  });

  it('makes an error row, not a guess, when more writes went over it than its trail reaches back', async () => {
    const database = uniqueDbName('race-buried');
    const products = mongo().db(database).collection<ProductDocument>('products');
    await writeChunk(
      target(database, 'base', () => Promise.resolve()),
      [row(1, 1), row(2, 1)],
      byIdLookup(products),
    );
    const race = target(database, 'older', async (collection) => {
      for (let price = 10; price < 10 + TRAIL_LENGTH + 1; price += 1)
        await newerJobWrites(collection, 'W-R:E-1', price);
    });
    // E-2 is written by a newer job after the older one read it, so the bulk matches one of two
    // and is read back.
    const changed = [row(1, 2), row(2, 2)];
    const held = await byIdLookup(race.collection).find(changed);
    await newerJobWrites(products, 'W-R:E-2', 7);
    const outcome = await writeChunk(race, changed, lookingUp(held));
    expect(outcome).toMatchObject({ writtenRowNos: [], unchangedRowNos: [], supersededRowNos: [2] });
    expect(outcome.errors.map((e) => [e.rowNo, e.message])).toEqual([
      [1, expect.stringContaining("whether this row's write landed cannot be told") as unknown],
    ]);
    expect((await products.findOne({ _id: 'W-R:E-1' }))?.version).toBe(TRAIL_LENGTH + 3);
  });

  it('sends the chunks of a first import as inserts unread, and reads back the documents that exist after all', async () => {
    const database = uniqueDbName('new-first');
    const products = mongo().db(database).collection<ProductDocument>('products');
    // Another job wrote two of the entities before: E-25 as the file has it, E-26 at another price.
    const rows = Array.from({ length: 40 }, (_, i) => row(i + 1, 1));
    await writeChunk(
      target(database, 'earlier', () => Promise.resolve()),
      [row(25, 1), row(26, 5)],
      byIdLookup(products),
    );
    let reads = 0;
    const counted = target(database, 'first', () => Promise.resolve());
    const find = counted.collection.find.bind(counted.collection);
    counted.collection.find = ((...args: Parameters<typeof find>) => {
      reads += 1;
      return find(...args);
    }) as typeof find;
    const lookup = byIdLookup(counted.collection);
    const readsPerChunk: number[] = [];
    const outcomes = [];
    for (let at = 0; at < rows.length; at += 10) {
      const before = reads;
      outcomes.push(await writeChunk(counted, rows.slice(at, at + 10), lookup));
      readsPerChunk.push(reads - before);
    }
    // Read first, found none; not read; inserts refused for E-25 and E-26, read back; read first again.
    expect(readsPerChunk).toEqual([1, 0, 1, 1]);
    expect(outcomes[2]).toMatchObject({ unchangedRowNos: [25], supersededRowNos: [], errors: [] });
    expect(outcomes.flatMap((o) => o.writtenRowNos).sort((a, b) => a - b)).toEqual(
      rows.map((r) => r.rowNo).filter((n) => n !== 25),
    );
    const stored = await products
      .find({ _id: { $in: ['W-R:E-25', 'W-R:E-26', 'W-R:E-27'] } })
      .sort({ _id: 1 })
      .toArray();
    expect(stored.map((d): unknown[] => [d._id, d.price, d.version])).toEqual([
      ['W-R:E-25', 1, 1],
      ['W-R:E-26', 1, 2],
      ['W-R:E-27', 1, 1],
    ]);
  });
});
