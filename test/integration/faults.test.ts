import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { describe, expect, inject, it } from 'vitest';
import type { JobView } from '../../src/preload/contract';
import { DATABASE_FILE_NAME } from '../../src/main/core/config';
import { ImportEngine } from '../../src/main/core/engine';
import { withCheckDigit } from '../../src/main/core/ingest/gtin';
import { listRowErrors } from '../../src/main/core/store/row-errors';
import { catalogMismatches, catalogRow, writeCatalogCsv, type CatalogRow } from '../support/catalog';
import { nextEvent } from '../support/engine';
import { FerretDbServer } from '../support/ferretdb';
import { mongoForSuite } from '../support/mongo';
import { source, wholeFile } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const CLI = resolve(__dirname, '../../out/main/cli.js');
const mongoUri = inject('mongoUri');

const allDocs = (collection: Collection): Promise<Document[]> => collection.find().toArray();

/** Runs the built CLI; `stopWhen` may kill it (SIGKILL) once the local queue shows some state. */
async function runCli(
  args: string[],
  stopWhen?: { dataDir: string; test: (db: Database.Database) => boolean },
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  if (stopWhen) {
    const file = join(stopWhen.dataDir, DATABASE_FILE_NAME);
    let killed = false;
    while (!killed && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
      if (!existsSync(file)) continue;
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        if (stopWhen.test(db)) {
          child.kill('SIGKILL');
          killed = true;
        }
      } catch {
        // The schema may not be there yet.
      } finally {
        db.close();
      }
    }
  }
  const [code, signal] = await exited;
  return { code, signal, stderr };
}

describe('fault tests against a real FerretDB', () => {
  const mongo = mongoForSuite();

  it(
    '1. finishes a sync of 100,000 rows after the process is killed mid-sync: every row once, version 1',
    { timeout: 300_000 },
    async () => {
      const dir = tempDir();
      const file = join(dir, 'catalog.csv');
      const dataDir = join(dir, 'queue');
      await writeCatalogCsv(file, 100_000);
      const database = uniqueDbName('sigkill');
      const target = ['--db', database, '--collection', 'products', '--wholesaler', 'W-K', '--data-dir', dataDir];

      const killed = await runCli(['import', file, '--mongo', mongoUri, ...target], {
        dataDir,
        test: (db) =>
          (db.prepare('SELECT coalesce(sum(rows_written), 0) AS n FROM jobs').get() as { n: number }).n >= 30_000,
      });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const products = mongo().db(database).collection('products');
      const before = await products.countDocuments();
      expect(before).toBeGreaterThanOrEqual(30_000);
      expect(before).toBeLessThan(100_000);

      const resumed = await runCli(['sync', '--mongo', mongoUri, '--data-dir', dataDir]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(catalogMismatches(await allDocs(products), 100_000, { wholesalerId: 'W-K', version: () => 1 })).toEqual(
        [],
      );
      const queue = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
      try {
        const totals = queue
          .prepare(
            "SELECT count(*) AS parts, sum(rows_written) AS written, sum(state = 'completed') AS completed FROM jobs",
          )
          .get();
        expect(totals).toEqual({ parts: 10, written: 100_000, completed: 10 });
      } finally {
        queue.close();
      }
    },
  );

  it(
    '2. waits when FerretDB stops mid-sync and completes by itself within 10 s of its return',
    { timeout: 180_000 },
    async () => {
      const server = await FerretDbServer.launch();
      const dir = tempDir();
      const file = join(dir, 'catalog.csv');
      await writeCatalogCsv(file, 30_000);
      const database = uniqueDbName('outage');
      const engine = ImportEngine.open(join(dir, 'data'));
      const client = new MongoClient(server.uri);
      try {
        await engine.watchServer(server.uri);
        expect(engine.connection()).toMatchObject({ state: 'online', server: `127.0.0.1:${server.port}` });
        const connection: string[] = [];
        engine.onConnection((view) => connection.push(view.state));
        const job = engine.createJob(file, wholeFile({ wholesalerId: 'W-O', database, collection: 'products' }));
        const midway = nextEvent(engine, (j) => j.rowsWritten >= 5000);
        const run = engine.runJob(job.id, server.uri);
        await midway;
        await server.stop('SIGKILL');
        const stopped = await run;
        expect(stopped.state).toBe('waiting');
        expect(stopped.message).toContain('is unreachable');
        expect(stopped.rowsWritten).toBeLessThan(30_000);
        expect(connection).toEqual(['offline']);

        const back = Date.now();
        const syncing = nextEvent(engine, (j) => j.id === job.id && j.state === 'syncing');
        const completed = nextEvent(engine, (j) => j.id === job.id && j.state === 'completed');
        await server.start();
        await syncing;
        expect(Date.now() - back).toBeLessThan(10_000);
        expect(await completed).toMatchObject({ rowsWritten: 30_000, rowsFailed: 0 });
        expect(connection).toEqual(['offline', 'online']);
        const docs = await allDocs(client.db(database).collection('products'));
        expect(catalogMismatches(docs, 30_000, { wholesalerId: 'W-O', version: () => 1 })).toEqual([]);
      } finally {
        await engine.close();
        await client.close();
        await server.destroy();
      }
    },
  );

  it('3. writes nothing when the same file is imported again, and counts every row unchanged', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 10_000);
    const target = wholeFile({ wholesalerId: 'W-R', database: uniqueDbName('again'), collection: 'products' });
    const first = ImportEngine.open(join(dir, 'first'));
    try {
      expect(await first.runJob(first.createJob(file, target).id, mongoUri)).toMatchObject({ rowsWritten: 10_000 });
    } finally {
      await first.close();
    }
    const products = mongo().db(target.database).collection('products');
    const before = await products.find().sort({ _id: 1 }).toArray();

    // Another machine's queue: what MongoDB holds is read from MongoDB, not remembered.
    const second = ImportEngine.open(join(dir, 'second'));
    try {
      const again = await second.runJob(second.createJob(file, target).id, mongoUri);
      expect(again).toMatchObject({ state: 'completed', rowsWritten: 0, rowsUnchanged: 10_000, rowsFailed: 0 });
    } finally {
      await second.close();
    }
    expect(await products.find().sort({ _id: 1 }).toArray()).toEqual(before);
  });

  it('4. brings exactly the changed 1% of rows to version 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    const target = wholeFile({ wholesalerId: 'W-C', database: uniqueDbName('onepct'), collection: 'products' });
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      await writeCatalogCsv(file, 5000);
      await engine.runJob(engine.createJob(file, target).id, mongoUri);
      const changed = (i: number): boolean => i % 100 === 37;
      const row = (i: number): CatalogRow => (changed(i) ? { ...catalogRow(i), price: '1.00' } : catalogRow(i));
      await writeCatalogCsv(file, 5000, row);
      const job = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      expect(job).toMatchObject({ state: 'completed', rowsWritten: 50, rowsUnchanged: 4950 });
      const docs = await allDocs(mongo().db(target.database).collection('products'));
      expect(catalogMismatches(docs, 5000, { wholesalerId: 'W-C', row, version: (i) => (changed(i) ? 2 : 1) })).toEqual(
        [],
      );
      const moved = docs.filter((doc) => doc.version === 2);
      expect(moved.every((doc) => (doc.import as { job_id: string }).job_id === job.id)).toBe(true);
    } finally {
      await engine.close();
    }
  });

  it('5. keeps one current document per entity when two jobs write overlapping entities at once, the newer content winning', async () => {
    const dir = tempDir();
    const database = uniqueDbName('overlap');
    const target = {
      ...wholeFile({ wholesalerId: 'W-2', database, collection: 'products' }),
      historyCollection: 'products_history',
      limits: { ...source().limits, chunkSize: 50 },
    };
    // Two processes' queues, so that the writes really race, in chunks of 50: rows 1-400 and
    // 201-600, the overlap with other prices in each file; b's file is queued after a's.
    const a = ImportEngine.open(join(dir, 'a'));
    const b = ImportEngine.open(join(dir, 'b'));
    const fileA = join(dir, 'a.csv');
    const fileB = join(dir, 'b.csv');
    const rowA = (i: number): CatalogRow => ({ ...catalogRow(i), price: '11.00' });
    const rowB = (i: number): CatalogRow => ({ ...catalogRow(i + 200), price: '22.00' });
    await writeCatalogCsv(fileA, 400, rowA);
    await writeCatalogCsv(fileB, 400, rowB);
    try {
      const queuedA = a.createJob(fileA, { ...target, name: 'a' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const queuedB = b.createJob(fileB, { ...target, name: 'b' });
      const [jobA, jobB] = await Promise.all([a.runJob(queuedA.id, mongoUri), b.runJob(queuedB.id, mongoUri)]);
      // An overlapping row of a's is written before b's, or found already holding b's newer content.
      expect(jobA).toMatchObject({ state: 'completed', rowsFailed: 0 });
      expect(jobA.rowsWritten + jobA.rowsSuperseded).toBe(400);
      expect(jobB).toMatchObject({ state: 'completed', rowsWritten: 400, rowsSuperseded: 0 });
      const docs = await allDocs(mongo().db(database).collection('products'));
      expect(docs).toHaveLength(600);
      expect(new Set(docs.map((doc) => String(doc.entity_code))).size).toBe(600);
      const history = await allDocs(mongo().db(database).collection('products_history'));
      const versions = new Map<unknown, number[]>();
      for (const doc of history)
        versions.set(doc.entity_code, [...(versions.get(doc.entity_code) ?? []), doc.version as number]);
      for (const doc of docs) {
        const i = Number((doc.entity_code as string).slice(4));
        expect([doc.entity_code, doc.price]).toEqual([doc.entity_code, i <= 200 ? 11 : 22]);
        // Every write that landed is one version, none lost or made twice.
        expect([doc.entity_code, (versions.get(doc.entity_code) ?? []).sort()]).toEqual([
          doc.entity_code,
          Array.from({ length: doc.version as number }, (_, v) => v + 1),
        ]);
      }
      expect(history).toHaveLength(800 - jobA.rowsSuperseded);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('6. turns exactly the rows the server refuses into error rows with its message, writing all others', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    const database = uniqueDbName('refuse');
    const products = mongo().db(database).collection('products');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const target = wholeFile({ wholesalerId: 'W-6', database, collection: 'products' });
      await writeCatalogCsv(file, 2000);
      await engine.runJob(engine.createJob(file, target).id, mongoUri);
      // Another tool's rule: an EAN is unique across wholesalers, and it holds three of them.
      await products.createIndexes([{ key: { ean: 1 }, unique: true, name: 'ean_unique' }]);
      const taken = ['400000000001', '400000000002', '400000000003'].map(withCheckDigit);
      await products.insertMany(taken.map((ean, k) => ({ wholesaler_id: 'OTHER', entity_code: `O-${k}`, ean })));
      // Rows 10 and 500 exist and change to a taken EAN; row 2050 is new with one; rows 7 and
      // 1500 change harmlessly, rows 2001-2100 are new.
      const clash = new Map([
        [10, taken[0]],
        [500, taken[1]],
        [2050, taken[2]],
      ]);
      const row = (i: number): CatalogRow => {
        const base = i === 7 || i === 1500 ? { ...catalogRow(i), price: '3.00' } : catalogRow(i);
        return { ...base, ean: clash.get(i) ?? base.ean };
      };
      await writeCatalogCsv(file, 2100, row);
      const job = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      expect(job).toMatchObject({
        state: 'completed_with_errors',
        rowsWritten: 101,
        rowsUnchanged: 1996,
        rowsFailed: 3,
      });
      const errors = listRowErrors(engine.db, job.id);
      expect(errors.map((e) => [e.rowNo, e.value, e.stage])).toEqual([
        [11, catalogRow(10).entity_code, 'write'],
        [501, catalogRow(500).entity_code, 'write'],
        [2051, catalogRow(2050).entity_code, 'write'],
      ]);
      // Each row with the server's own answer: MongoDB says E11000 for both; FerretDB says so for
      // the insert, and fails the update with its SQLite constraint (code 1, docs/test-servers.md).
      expect(errors[2]).toMatchObject({ code: '11000', message: expect.stringMatching(/duplicate key/i) as string });
      for (const error of errors.slice(0, 2)) {
        expect([error.code, error.message]).toEqual([
          expect.stringMatching(/^(11000|1)$/),
          expect.stringMatching(/duplicate key|UNIQUE constraint failed: index '\w+_ean_unique'/i),
        ]);
      }

      const docs = (await allDocs(products)).filter((doc) => doc.wholesaler_id === 'W-6');
      const written = (i: number): CatalogRow => (clash.has(i) ? catalogRow(i) : row(i));
      const present = docs.filter((doc) => doc.entity_code !== catalogRow(2050).entity_code);
      expect(
        catalogMismatches(present, 2099, {
          wholesalerId: 'W-6',
          row: (i) => written(i >= 2050 ? i + 1 : i),
          version: (i) => (i === 7 || i === 1500 ? 2 : 1),
        }),
      ).toEqual([]);
      expect(docs).toHaveLength(2099);
    } finally {
      await engine.close();
    }
  });

  it('7. changes nothing in MongoDB when acknowledged chunks are sent again after a crash', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    const dataDir = join(dir, 'data');
    const target = source({
      ...wholeFile({ wholesalerId: 'W-7', database: uniqueDbName('replay'), collection: 'products' }),
      historyCollection: 'products_history',
    });
    const products = mongo().db(target.database).collection('products');
    const history = mongo().db(target.database).collection('products_history');
    const contents = async (): Promise<Document[][]> => [
      await products.find().sort({ _id: 1 }).toArray(),
      await history.find().sort({ _id: 1 }).toArray(),
    ];
    const LAST_CHUNK = 'row_no > 1001';
    const lastChunkIds = (db: Database.Database, jobId: string): string[] =>
      (
        db.prepare(`SELECT entity_code FROM staged_rows WHERE job_id = ? AND ${LAST_CHUNK}`).all(jobId) as {
          entity_code: string;
        }[]
      ).map((r) => `W-7:${r.entity_code}`);

    /**
     * Puts the queue in the state a crash leaves after MongoDB acknowledged the job's last chunk
     * but before SQLite recorded it: those rows pending, the job syncing, and the snapshot of
     * remote hashes as it was before the write (`stale`). Then opens the queue again and syncs.
     */
    async function crashAndResume(jobId: string, counters: string, stale: (ids: string[]) => void): Promise<JobView> {
      const db = engine.db;
      stale(lastChunkIds(db, jobId));
      db.prepare(`UPDATE staged_rows SET status = 'staged' WHERE job_id = ? AND ${LAST_CHUNK}`).run(jobId);
      db.prepare(`UPDATE jobs SET state = 'syncing', chunks_written = 1, ${counters} WHERE id = ?`).run(jobId);
      await engine.close();
      engine = ImportEngine.open(dataDir);
      expect(engine.listJobs().find((j) => j.id === jobId)?.state).toBe('staged');
      const [resumed] = await engine.syncQueued(mongoUri);
      return resumed as JobView;
    }

    let engine = ImportEngine.open(dataDir);
    try {
      // A first import, its last chunk of inserts replayed: the snapshot says those documents are missing.
      await writeCatalogCsv(file, 2000);
      const first = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      const afterFirst = await contents();
      const replayedFirst = await crashAndResume(first.id, 'rows_written = 1000', (ids) => {
        const forget = engine.db.prepare('DELETE FROM remote_hashes WHERE doc_id = ?');
        for (const id of ids) forget.run(id);
      });
      expect(replayedFirst).toMatchObject({ state: 'completed', rowsWritten: 2000, chunksWritten: 2 });
      expect(await contents()).toEqual(afterFirst);

      // A re-import with 5% changed, its last chunk of updates replayed: the snapshot says
      // version 1 with the old content, so the conditional update no longer matches.
      const heldBefore = new Map(
        (
          engine.db.prepare('SELECT doc_id, content_hash FROM remote_hashes').all() as {
            doc_id: string;
            content_hash: string;
          }[]
        ).map((r) => [r.doc_id, r.content_hash]),
      );
      const changed = (i: number): boolean => i % 20 === 3;
      await writeCatalogCsv(file, 2000, (i) => (changed(i) ? { ...catalogRow(i), price: '2.00' } : catalogRow(i)));
      const second = await engine.runJob(engine.createJob(file, target).id, mongoUri);
      expect(second).toMatchObject({ state: 'completed', rowsWritten: 100, rowsUnchanged: 1900, chunksWritten: 2 });
      const afterSecond = await contents();
      expect(afterSecond[1]).toHaveLength(2100);
      const replayedSecond = await crashAndResume(second.id, 'rows_written = 50, rows_unchanged = 950', (ids) => {
        const restore = engine.db.prepare(
          'UPDATE remote_hashes SET content_hash = ?, version = 1, writer = ? WHERE doc_id = ?',
        );
        for (const id of ids) restore.run(heldBefore.get(id), first.id, id);
      });
      expect(replayedSecond).toMatchObject({ state: 'completed', rowsWritten: 100, rowsUnchanged: 1900 });
      expect(await contents()).toEqual(afterSecond);
      expect(afterSecond[0]?.filter((doc) => doc.version === 2)).toHaveLength(100);
    } finally {
      await engine.close();
    }
  });
});
