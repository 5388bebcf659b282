import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { listRowErrors } from '../../src/main/core/store/row-errors';
import { mongoForSuite } from '../support/mongo';
import { wholeFile } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');

const product = (i: number) => ({
  entity_code: `J-${String(i).padStart(6, '0')}`,
  name: `Item ${i}`,
  price: i / 4,
  in_stock: i % 2 === 0,
  attributes: { color: ['red', 'blue'][i % 2], size: { cm: i % 50 } },
  tags: [`t${i % 3}`],
});

/** Writes a batch envelope item by item, as a large export would be. */
async function writeEnvelope(file: string, items: number, bad: Set<number>): Promise<void> {
  const out = createWriteStream(file);
  out.write(`{"batch_id":"B-1","batch_part":1,"batch_total_parts":1,"batch_total_items":${items},"items":[`);
  for (let i = 1; i <= items; i++) {
    const value = bad.has(i) ? { name: 'no code' } : product(i);
    if (!out.write((i > 1 ? ',' : '') + JSON.stringify(value))) await once(out, 'drain');
  }
  out.end(']}');
  await once(out, 'finish');
}

describe('JSON sources through the engine', () => {
  const mongo = mongoForSuite();

  it('imports an envelope of 20,000 items with their types and nesting, bad items kept as error rows', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.json');
    const bad = new Set([7, 19_999]);
    await writeEnvelope(file, 20_000, bad);
    const database = uniqueDbName('json');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = await engine.runJob(
        engine.createJob(file, wholeFile({ wholesalerId: 'W-J', database, collection: 'products' })).id,
        mongoUri,
      );
      expect(job).toMatchObject({
        state: 'completed_with_errors',
        rowsParsed: 20_000,
        rowsWritten: 19_998,
        rowsFailed: 2,
      });
      expect(listRowErrors(engine.db, job.id).map((e) => [e.rowNo, e.column, e.message])).toEqual([
        [7, 'entity_code', 'entity_code is missing'],
        [19_999, 'entity_code', 'entity_code is missing'],
      ]);
      const docs = await mongo()
        .db(database)
        .collection('products')
        .find({}, { projection: { _id: 0, content_hash: 0, updated_at: 0, created_at: 0, import: 0 } })
        .sort({ entity_code: 1 })
        .toArray();
      expect(docs).toHaveLength(19_998);
      const expected = Array.from({ length: 20_000 }, (_, i) => i + 1)
        .filter((i) => !bad.has(i))
        .map((i) => ({
          ...product(i),
          wholesaler_id: 'W-J',
          version: 1,
          isCurrent: true,
          isCurrentPublished: false,
        }));
      expect(docs).toEqual(expected);
    } finally {
      await engine.close();
    }
  });

  it('imports NDJSON, one item a line', async () => {
    const dir = tempDir();
    const file = join(dir, 'feed.ndjson');
    const out = createWriteStream(file);
    for (let i = 1; i <= 500; i++) out.write(JSON.stringify(product(i)) + '\n');
    out.end();
    await once(out, 'finish');
    const database = uniqueDbName('ndjson');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = await engine.runJob(
        engine.createJob(file, { wholesalerId: 'W-J', database, collection: 'products' }).id,
        mongoUri,
      );
      expect(job).toMatchObject({ state: 'completed', rowsWritten: 500 });
      expect(await mongo().db(database).collection('products').findOne({ entity_code: 'J-000042' })).toMatchObject({
        price: 10.5,
        attributes: { color: 'red', size: { cm: 42 } },
      });
    } finally {
      await engine.close();
    }
  });
});
