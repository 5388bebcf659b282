import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Document, MongoClient } from 'mongodb';
import { DATABASE_FILE_NAME } from '../../src/main/core/config';
import { insertedDocument } from '../../src/main/core/sync/document';
import { pendingRows } from '../../src/main/core/store/staged-rows';
import { writeCatalogCsv } from '../support/catalog';
import { printRatios, printTable, runCli, speedRatio, timed, type Measure } from './measure';

interface SyncSummary {
  jobs: { written: number; unchanged: number; failed: number }[];
}

/** A sync's JSON summary must account for every row, `written` of them written, none failed. */
const synced =
  (written: 'all' | 'none') =>
  (stdout: string, rows: number): boolean => {
    const { jobs } = JSON.parse(stdout || '{"jobs":[]}') as SyncSummary;
    const total = (key: 'written' | 'unchanged' | 'failed'): number => jobs.reduce((sum, job) => sum + job[key], 0);
    return total('failed') === 0 && total(written === 'all' ? 'written' : 'unchanged') === rows;
  };

/** The documents a sync of the queue's (first) staged job writes, read back from SQLite. */
function stagedDocuments(dataDir: string): Document[] {
  const db = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    const jobs = db.prepare('SELECT id FROM jobs ORDER BY created_at, batch_part').all() as { id: string }[];
    const now = new Date();
    return jobs.flatMap(({ id }) =>
      pendingRows(db, id, Number.MAX_SAFE_INTEGER, Infinity).map((row) =>
        insertedDocument(row, { jobId: id, sourceId: null, batchId: null, batchPart: null, queuedAt: now }, now),
      ),
    );
  } finally {
    db.close();
  }
}

/**
 * The old PIM approach, per row: find the current document, retire it, create the new version.
 * Three round trips a row, each a lookup on the natural key.
 */
async function perRowImport(mongo: MongoClient, database: string, documents: readonly Document[]): Promise<void> {
  const products = mongo.db(database).collection('products');
  await products.createIndexes([{ key: { wholesaler_id: 1, entity_code: 1, isCurrent: 1 }, name: 'natural_key' }]);
  for (const doc of documents) {
    const key = { wholesaler_id: doc.wholesaler_id as unknown, entity_code: doc.entity_code as unknown };
    const current = await products.findOne({ ...key, isCurrent: true });
    if (current?.content_hash === doc.content_hash) continue;
    await products.updateMany({ ...key, isCurrent: true }, { $set: { isCurrent: false } });
    // The old approach let the driver give each version an ObjectId.
    const fields: Document = { ...doc };
    delete fields._id;
    await products.insertOne({ ...fields, version: ((current?.version as number | undefined) ?? 0) + 1 });
  }
}

/**
 * The sync phase on its own: a file is staged into a queue without a server (`import` without
 * --mongo), then `sync` sends it, timed alone. Against it: a raw insertMany of the very documents
 * the sync writes, into an empty collection; a re-import of the unchanged file; and the old
 * per-row approach on PER_ROW_ROWS rows.
 */
export async function syncBench(dir: string, rows: number, mongo: MongoClient, uri: string): Promise<void> {
  const file = join(dir, 'catalog.csv');
  await writeCatalogCsv(file, rows);
  const run = Date.now().toString(36);
  const target = (db: string, dataDir: string) => [
    '--db',
    db,
    '--collection',
    'products',
    '--wholesaler',
    'W-BENCH',
    '--data-dir',
    join(dir, dataDir),
    '--json',
  ];
  const stage = (db: string, dataDir: string): Promise<Measure> =>
    runCli('staging (import without --mongo)', rows, ['import', file, ...target(db, dataDir)]);
  const sync = (step: string, dataDir: string, written: 'all' | 'none', count = rows): Promise<Measure> =>
    runCli(step, count, ['sync', '--mongo', uri, '--data-dir', join(dir, dataDir), '--json'], synced(written));

  const staging = await stage(`bench_sync_${run}`, 'q-first');
  const documents = stagedDocuments(join(dir, 'q-first'));
  const insertMany = await timed('insertMany of the same documents, chunks of 1,000 (baseline)', rows, async () => {
    const collection = mongo.db(`bench_raw_${run}`).collection('products');
    for (let i = 0; i < documents.length; i += 1000) {
      await collection.insertMany(documents.slice(i, i + 1000), { ordered: false });
    }
  });
  const first = await sync('sync, first import into an empty collection', 'q-first', 'all');
  await stage(`bench_sync_${run}`, 'q-first');
  const again = await sync('sync of the same file again (no writes)', 'q-first', 'none');
  // Another queue (another machine): what MongoDB holds is read from MongoDB, one pass.
  await stage(`bench_sync_${run}`, 'q-other');
  const elsewhere = await sync('sync of the same file again from another queue (no writes)', 'q-other', 'none');
  printTable(`Sync: ${rows.toLocaleString('en-US')} catalog rows`, [staging, insertMany, first, again, elsewhere]);

  printRatios([
    ['first sync rows/s ÷ insertMany rows/s', speedRatio(first, insertMany), 'at least 0.6 (sync issue)'],
    ['re-import sync rows/s ÷ first sync rows/s', speedRatio(again, first), 'at least 3 (sync issue)'],
    ['re-import from another queue ÷ first sync', speedRatio(elsewhere, first), 'reported'],
  ]);
}

/**
 * The sync of `rows` staged rows against the old per-row approach writing the same documents.
 * On FerretDB every natural-key lookup scans the collection, so the per-row side grows with the
 * square of the rows: 5,000 rows take about half an hour there.
 */
export async function perRowBench(dir: string, rows: number, mongo: MongoClient, uri: string): Promise<void> {
  const run = Date.now().toString(36);
  const file = join(dir, 'catalog-small.csv');
  const dataDir = join(dir, 'q-small');
  await writeCatalogCsv(file, rows);
  const args = ['--collection', 'products', '--wholesaler', 'W-BENCH', '--data-dir', dataDir, '--json'];
  await runCli('staging', rows, ['import', file, '--db', `bench_small_${run}`, ...args]);
  const documents = stagedDocuments(dataDir);
  const perRow = await timed('per row: findOne + updateMany + insertOne (old approach)', rows, () =>
    perRowImport(mongo, `bench_perrow_${run}`, documents),
  );
  const batched = await runCli(
    'sync, first import (same rows)',
    rows,
    ['sync', '--mongo', uri, '--data-dir', dataDir, '--json'],
    synced('all'),
  );
  printTable(`Sync against the per-row approach: ${rows.toLocaleString('en-US')} rows`, [perRow, batched]);
  printRatios([['sync rows/s ÷ per-row rows/s', speedRatio(batched, perRow), 'at least 20 (sync issue)']]);
}
