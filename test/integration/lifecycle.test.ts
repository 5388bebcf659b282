import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { catalogMismatches, writeCatalogCsv } from '../support/catalog';
import { nextEvent } from '../support/engine';
import { deadOwner } from '../support/leases';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { wholeFile } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const pendingCount = (engine: ImportEngine, jobId: string): number =>
  (
    engine.db.prepare("SELECT count(*) AS n FROM staged_rows WHERE job_id = ? AND status = 'staged'").get(jobId) as {
      n: number;
    }
  ).n;

describe('the job lifecycle', () => {
  const mongo = mongoForSuite();

  it('pauses a sync after its chunk in flight, keeps the rest queued, and finishes it on resume', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 20_000);
    const database = uniqueDbName('pause');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      await engine.watchServer(mongoUri());
      const job = engine.createJob(file, wholeFile({ wholesalerId: 'W-P', database, collection: 'products' }));
      const run = engine.runJob(job.id, mongoUri());
      await nextEvent(engine, (j) => j.id === job.id && j.chunksWritten >= 1);
      engine.pause(job.id);
      const paused = await run;
      expect(paused.state).toBe('paused');
      expect(paused.rowsWritten).toBeLessThan(20_000);
      expect(paused.message).toBe(
        `Paused; ${(20_000 - paused.rowsWritten).toLocaleString('en-US')} rows wait to be sent`,
      );
      expect(pendingCount(engine, job.id)).toBe(20_000 - paused.rowsWritten);
      // A paused job is not picked up by a sync of the queue.
      expect(await engine.syncQueued(mongoUri())).toEqual([]);
      expect(() => engine.resume(engine.createJob(file, wholeFile({ ...paused, collection: 'x' })).id)).toThrow(
        'catalog.csv: only a paused job can be resumed (this one is queued)',
      );

      const completed = nextEvent(engine, (j) => j.id === job.id && j.state === 'completed');
      expect(engine.resume(job.id)).toMatchObject({ state: 'staged', message: 'Resumed' });
      expect(await completed).toMatchObject({ rowsWritten: 20_000 });
      const docs = await mongo().db(database).collection('products').find().toArray();
      expect(catalogMismatches(docs, 20_000, { wholesalerId: 'W-P', version: () => 1 })).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('lets a cancel asked for while a pause stops the sync win, and syncs to the watched server when none is given', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 20_000);
    const database = uniqueDbName('pausecancel');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      await engine.watchServer(mongoUri());
      const target = wholeFile({ wholesalerId: 'W-Q', database, collection: 'products' });
      const job = engine.createJob(file, target);
      // No server given: the watched one answers, so the job syncs instead of waiting.
      const run = engine.runJob(job.id, null);
      await nextEvent(engine, (j) => j.id === job.id && j.chunksWritten >= 1);
      engine.pause(job.id);
      engine.cancel(job.id);
      const stopped = await run;
      expect(stopped.state).toBe('cancelled');
      expect(pendingCount(engine, job.id)).toBe(0);
      expect(await mongo().db(database).collection('products').countDocuments()).toBe(stopped.rowsWritten);
    } finally {
      await engine.close();
    }
  });

  it('pauses a job whose file is being read, and reads it again from the start on resume', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 50_000);
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = engine.createJob(file, wholeFile({ wholesalerId: 'W-P', database: 'd', collection: 'c' }));
      const run = engine.runJob(job.id, null);
      await nextEvent(engine, (j) => j.id === job.id && j.rowsParsed > 0);
      engine.pause(job.id);
      expect(await run).toMatchObject({
        state: 'paused',
        rowsParsed: 0,
        message: 'Paused; the file is read again when resumed',
      });
      const waiting = nextEvent(engine, (j) => j.id === job.id && j.state === 'waiting');
      expect(engine.resume(job.id).state).toBe('queued');
      expect(await waiting).toMatchObject({ rowsStaged: 50_000 });
    } finally {
      await engine.close();
    }
  });

  it('restarts a job a dead process left parsing, and resumes one it left syncing', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 3000);
    const database = uniqueDbName('recover');
    const target = wholeFile({ wholesalerId: 'W-R', database, collection: 'products' });
    let engine = ImportEngine.open(join(dir, 'data'));
    const parsed = engine.createJob(file, target);
    const synced = engine.createJob(file, { ...target, wholesalerId: 'W-S' });
    await engine.runJob(parsed.id, null);
    await engine.runJob(synced.id, null);
    // What a crash leaves: one job mid-read (rows half staged), one mid-sync, both leased to a
    // process that no longer exists.
    const lease = engine.db.prepare('UPDATE jobs SET state = ?, lease_owner = ?, lease_expires_at = ? WHERE id = ?');
    lease.run('parsing', deadOwner(), Date.now() + 60_000, parsed.id);
    engine.db.prepare('DELETE FROM staged_rows WHERE job_id = ? AND row_no > 1500').run(parsed.id);
    lease.run('syncing', deadOwner(), Date.now() + 60_000, synced.id);
    await engine.close();

    engine = ImportEngine.open(join(dir, 'data'));
    try {
      const byId = new Map(engine.listJobs().map((j) => [j.id, j]));
      expect(byId.get(parsed.id)).toMatchObject({
        state: 'queued',
        rowsStaged: 0,
        message: 'The app stopped while reading this file; it is read again from the start',
      });
      expect(byId.get(synced.id)).toMatchObject({ state: 'staged', rowsStaged: 3000 });
      const done = new Map((await engine.syncQueued(mongoUri())).map((j) => [j.id, [j.state, j.rowsWritten]]));
      expect(done).toEqual(
        new Map([
          [parsed.id, ['completed', 3000]],
          [synced.id, ['completed', 3000]],
        ]),
      );
      expect(await mongo().db(database).collection('products').countDocuments()).toBe(6000);
    } finally {
      await engine.close();
    }
  });

  it('leaves a job to the live process that holds it', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 100);
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = engine.createJob(
        file,
        wholeFile({ wholesalerId: 'W-L', database: uniqueDbName('lease'), collection: 'p' }),
      );
      await engine.runJob(job.id, null);
      // The CLI beside the app: this very process under another owner name, so alive.
      engine.db
        .prepare("UPDATE jobs SET state = 'syncing', lease_owner = ?, lease_expires_at = ? WHERE id = ?")
        .run(`${process.pid}@${hostname()}#other`, Date.now() + 60_000, job.id);
      expect(await engine.sync(job.id, mongoUri())).toMatchObject({ state: 'syncing', rowsWritten: 0 });
      expect(() => engine.cancel(job.id)).toThrow(
        `catalog.csv: another Import Console process (the app or the CLI; process ${process.pid} on this machine) is working on this job; it can only be cancelled there`,
      );
      expect(() => engine.pause(job.id)).toThrow('it can only be paused there');
      engine.db.prepare('UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ?').run(job.id);
      expect(await engine.sync(job.id, mongoUri())).toMatchObject({ state: 'completed', rowsWritten: 100 });
      // Finished (here, or by the other process): a late sync or stage leaves it as it is.
      expect(await engine.sync(job.id, mongoUri())).toMatchObject({ state: 'completed', rowsWritten: 100 });
      expect(await engine.stage(job.id)).toMatchObject({ state: 'completed', rowsParsed: 100 });
    } finally {
      await engine.close();
    }
  });

  it('tells whether the server is configured and answers', async () => {
    const engine = ImportEngine.open(join(tempDir(), 'data'));
    try {
      expect(engine.connection()).toMatchObject({ state: 'not_configured', server: null });
      const offline = await engine.watchServer('mongodb://user:secret@127.0.0.1:1/');
      expect(offline).toMatchObject({ state: 'offline', server: '127.0.0.1:1' });
      expect(offline.message).toMatch(/ECONNREFUSED|connect/);
      expect(await engine.watchServer(mongoUri())).toMatchObject({ state: 'online' });
      expect(await engine.watchServer(null)).toMatchObject({ state: 'not_configured' });
      // A server changed while the check of the last one still waits is checked itself.
      const stale = engine.watchServer('mongodb://127.0.0.1:1/');
      expect(await engine.watchServer(mongoUri())).toMatchObject({ state: 'online' });
      await stale;
      expect(engine.connection()).toMatchObject({ state: 'online' });
    } finally {
      await engine.close();
    }
  });
});
