import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { planVersions } from '../../src/main/core/store/flights';
import type { JobView } from '../../src/preload/contract';
import { catalogRow, writeCatalogCsv, type CatalogRow } from '../support/catalog';
import { atomicMongoUri, mongoForSuite, mongoUri } from '../support/mongo';
import { source, wholeFile } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

/**
 * The order of queued work decides what MongoDB keeps, whatever order the work reaches it in:
 * on FerretDB (the compatibility check) and on the server whose updates are atomic.
 */
describe.each([
  ['FerretDB', mongoUri, false],
  ['mongo-java-server', atomicMongoUri, true],
])('newest content wins, on %s', (_server, uri, atomic) => {
  const mongo = mongoForSuite(uri);
  const ROWS = 120;
  const priced =
    (price: string) =>
    (i: number): CatalogRow => ({ ...catalogRow(i), price });

  /** A target in a fresh database, with history, in chunks of 40. */
  function target(name: string) {
    return {
      ...wholeFile({ wholesalerId: 'W-N', database: uniqueDbName(name), collection: 'products' }),
      historyCollection: 'products_history',
      limits: { ...source().limits, chunkSize: 40 },
    };
  }

  const fields = (doc: Document, ...names: string[]): unknown[] => names.map((name) => doc[name] as unknown);
  const documents = async (database: string, name = 'products'): Promise<Document[]> =>
    mongo().db(database).collection(name).find().sort({ _id: 1 }).toArray();

  /**
   * Puts the queue where a crash leaves it after MongoDB took the job's last chunk but before
   * SQLite recorded it: the chunk pending, and the versions it had planned (1 of each) on record.
   */
  function crashAfterLastChunk(engine: ImportEngine, job: JobView): string[] {
    const last = engine.db
      .prepare('SELECT row_no, entity_code FROM staged_rows WHERE job_id = ? AND row_no > ?')
      .all(job.id, ROWS + 1 - 40) as { row_no: number; entity_code: string }[];
    engine.db
      .prepare("UPDATE staged_rows SET status = 'staged' WHERE job_id = ? AND row_no > ?")
      .run(job.id, ROWS + 1 - 40);
    engine.db
      .prepare(
        "UPDATE jobs SET state = 'syncing', rows_written = rows_written - 40, chunks_written = chunks_written - 1 WHERE id = ?",
      )
      .run(job.id);
    const ids = last.map((row) => `W-N:${row.entity_code}`);
    planVersions(engine.db, job.id, new Map(ids.map((id) => [id, 1])));
    return ids;
  }

  it('keeps the newer content when an older-queued job syncs after a newer one, its rows superseded', async () => {
    const dir = tempDir();
    const where = target('older-later');
    const monday = join(dir, 'monday.csv');
    const tuesday = join(dir, 'tuesday.csv');
    await writeCatalogCsv(monday, ROWS, priced('1.00'));
    await writeCatalogCsv(tuesday, ROWS, priced('2.00'));
    const laptop = ImportEngine.open(join(dir, 'laptop'));
    const office = ImportEngine.open(join(dir, 'office'));
    try {
      // Monday's file is queued offline on the laptop; Tuesday's correction goes in from the office.
      const queued = await laptop.stage(laptop.createJob(monday, where).id);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const correction = await office.runJob(office.createJob(tuesday, where).id, uri());
      expect(correction).toMatchObject({ state: 'completed', rowsWritten: ROWS });
      const synced = await laptop.sync(queued.id, uri());
      expect(synced).toMatchObject({ state: 'completed', rowsWritten: 0, rowsSuperseded: ROWS, rowsFailed: 0 });
      const docs = await documents(where.database);
      expect(docs.map((doc) => fields(doc, 'price', 'version'))).toEqual(docs.map(() => [2, 1]));
      expect(await documents(where.database, 'products_history')).toHaveLength(ROWS);
    } finally {
      await Promise.all([laptop.close(), office.close()]);
    }
  });

  it("orders a JSON file by its envelope's timestamp, not by when it reached the queue", async () => {
    const dir = tempDir();
    const where = target('envelope');
    const envelope = (timestamp: string, price: number): string => {
      const file = join(dir, `${timestamp.slice(0, 10)}.json`);
      const items = Array.from({ length: 3 }, (_, i) => ({ entity_code: `E-${i}`, price }));
      writeFileSync(file, JSON.stringify({ batch_id: `B-${timestamp}`, batch_part: 1, timestamp, items }));
      return file;
    };
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const newer = await engine.runJob(engine.createJob(envelope('2026-12-02T09:00:00Z', 2), where).id, uri());
      expect(newer, newer.message ?? '').toMatchObject({
        state: 'completed',
        rowsWritten: 3,
        queuedAt: '2026-12-02T09:00:00.000Z',
      });
      // Sent later, written earlier: the file's own time puts it before the one already in MongoDB.
      const older = await engine.runJob(engine.createJob(envelope('2026-12-01T09:00:00+01:00', 1), where).id, uri());
      expect(older).toMatchObject({ state: 'completed', rowsWritten: 0, rowsSuperseded: 3 });
      expect((await documents(where.database)).map((doc) => doc.price as unknown)).toEqual([2, 2, 2]);
    } finally {
      await engine.close();
    }
  });

  it("keeps another job's content when a job resumed after a crash finds it over the chunk MongoDB had taken", async () => {
    const dir = tempDir();
    const where = target('crash-resume');
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    await writeCatalogCsv(first, ROWS, priced('1.00'));
    await writeCatalogCsv(second, ROWS, priced('2.00'));
    const dataDir = join(dir, 'data');
    let engine = ImportEngine.open(dataDir);
    const other = ImportEngine.open(join(dir, 'other'));
    try {
      const crashed = await engine.runJob(engine.createJob(first, where).id, uri());
      const lastChunk = crashAfterLastChunk(engine, crashed);
      await engine.close();
      // Before the crashed process comes back, a job queued later writes the same entities.
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await other.runJob(other.createJob(second, where).id, uri())).toMatchObject({ rowsWritten: ROWS });
      engine = ImportEngine.open(dataDir);
      const [resumed] = await engine.syncQueued(uri());
      // Its chunk's writes did land, as version 1 (the documents' trails say so): they count as written.
      expect(resumed).toMatchObject({ state: 'completed', rowsWritten: ROWS, rowsSuperseded: 0, rowsFailed: 0 });
      const docs = await documents(where.database);
      expect(
        docs.filter((doc) => lastChunk.includes(doc._id as string)).map((doc) => fields(doc, 'price', 'version')),
      ).toEqual(lastChunk.map(() => [2, 2]));
      expect(await documents(where.database, 'products_history')).toHaveLength(2 * ROWS);
    } finally {
      await Promise.all([engine.close(), other.close()]);
    }
  });

  it('leaves alone a document another tool replaced after a crash, by the versions the chunk had planned', async () => {
    const dir = tempDir();
    const where = target('crash-tool');
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, ROWS, priced('1.00'));
    const dataDir = join(dir, 'data');
    let engine = ImportEngine.open(dataDir);
    try {
      const crashed = await engine.runJob(engine.createJob(file, where).id, uri());
      const lastChunk = crashAfterLastChunk(engine, crashed);
      await engine.close();
      // A tool that knows nothing of this app's fields replaces those documents whole.
      const products = mongo().db(where.database).collection<{ _id: string }>('products');
      for (const id of lastChunk)
        await products.replaceOne({ _id: id }, { entity_code: id.slice(4), price: 9, version: 2 });
      engine = ImportEngine.open(dataDir);
      const [resumed] = await engine.syncQueued(uri());
      expect(resumed).toMatchObject({ state: 'completed', rowsSuperseded: 40, rowsFailed: 0 });
      const docs = await documents(where.database);
      expect(docs.filter((doc) => lastChunk.includes(doc._id as string)).map((doc) => doc.price as unknown)).toEqual(
        lastChunk.map(() => 9),
      );
    } finally {
      await engine.close();
    }
  });

  it('does not count as unchanged a document another client changed between two imports', async () => {
    const dir = tempDir();
    const where = target('out-of-band');
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, ROWS, priced('1.00'));
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      await engine.runJob(engine.createJob(file, where).id, uri());
      // Another client changes a price and leaves content_hash as it was.
      await mongo()
        .db(where.database)
        .collection<{ _id: string }>('products')
        .updateOne({ _id: 'W-N:SKU-0000007' }, { $set: { price: 99 } });
      const again = await engine.runJob(engine.createJob(file, where).id, uri());
      expect(again).toMatchObject({ state: 'completed', rowsWritten: 1, rowsUnchanged: ROWS - 1 });
      const doc = (await documents(where.database)).find((d) => d._id === 'W-N:SKU-0000007');
      expect([doc?.price, doc?.version]).toEqual([1, 2]);
    } finally {
      await engine.close();
    }
  });

  it('loses no update when two processes race over the same documents, the newer content winning', async () => {
    const dir = tempDir();
    const where = target('racing');
    const files = ['base', 'older', 'newer'].map((name) => join(dir, `${name}.csv`));
    const [base, older, newer] = files as [string, string, string];
    await writeCatalogCsv(base, ROWS, priced('1.00'));
    await writeCatalogCsv(older, ROWS, priced('2.00'));
    await writeCatalogCsv(newer, ROWS, priced('3.00'));
    const a = ImportEngine.open(join(dir, 'a'));
    const b = ImportEngine.open(join(dir, 'b'));
    try {
      await a.runJob(a.createJob(base, where).id, uri());
      const first = a.createJob(older, where);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const second = b.createJob(newer, where);
      const [jobA, jobB] = await Promise.all([a.runJob(first.id, uri()), b.runJob(second.id, uri())]);
      expect(jobA.rowsWritten + jobA.rowsSuperseded).toBe(ROWS);
      expect(jobB).toMatchObject({ state: 'completed', rowsWritten: ROWS });
      const docs = await documents(where.database);
      expect(docs).toHaveLength(ROWS);
      if (!atomic) {
        // FerretDB's update is a read and a write without a transaction: two updates of one version
        // in the same instant can both apply, the older landing last (docs/test-servers.md).
        expect(docs.filter((doc) => doc.price !== 2 && doc.price !== 3)).toEqual([]);
        return;
      }
      expect(docs.map((doc) => doc.price as unknown)).toEqual(docs.map(() => 3));
      // Every conditional update that applied made its own version and has its history document,
      // none lost, none twice: the base, a's where it landed (even under b's), b's.
      const history = await documents(where.database, 'products_history');
      let writtenByA = 0;
      for (const doc of docs) {
        const versions = history.filter((h) => h.document_id === doc._id);
        const numbers = versions.map((h) => h.version as number).sort((x, y) => x - y);
        expect([doc._id, numbers]).toEqual([doc._id, Array.from({ length: doc.version as number }, (_, i) => i + 1)]);
        writtenByA += versions.filter((h) => (h.import as { job_id: string }).job_id === first.id).length;
      }
      expect(writtenByA).toBe(jobA.rowsWritten);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
