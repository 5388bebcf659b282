import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { writeCatalogCsv } from '../support/catalog';
import { nextEvent } from '../support/engine';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { wholeFile } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const stagedRowCount = (engine: ImportEngine, jobId: string): number =>
  (engine.db.prepare('SELECT count(*) AS n FROM staged_rows WHERE job_id = ?').get(jobId) as { n: number }).n;

describe('cancelling a job', () => {
  const mongo = mongoForSuite();

  it('stops staging within a second and leaves no staged rows', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    await writeCatalogCsv(file, 400_000);
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = engine.createJob(file, { wholesalerId: 'W', database: 'd', collection: 'c' });
      const staging = engine.stage(job.id);
      await nextEvent(engine, (j) => j.id === job.id && j.rowsStaged > 0);
      const asked = Date.now();
      expect(engine.cancel(job.id).state).toBe('parsing');
      const cancelled = await staging;
      expect(Date.now() - asked).toBeLessThan(1000);
      expect(cancelled).toMatchObject({ state: 'cancelled', message: 'Cancelled; nothing was written to MongoDB' });
      expect(stagedRowCount(engine, job.id)).toBe(0);
    } finally {
      await engine.close();
    }
  });

  it('stops a sync after the chunk in flight; written rows stay, unsent rows are dropped', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 20_000);
    const database = uniqueDbName('cancel');
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = engine.createJob(file, wholeFile({ wholesalerId: 'W', database, collection: 'products' }));
      expect(await engine.stage(job.id)).toMatchObject({ state: 'staged', rowsStaged: 20_000 });
      const syncing = engine.sync(job.id, mongoUri());
      await nextEvent(engine, (j) => j.id === job.id && j.chunksWritten >= 1);
      engine.cancel(job.id);
      const cancelled = await syncing;
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.rowsWritten).toBeGreaterThanOrEqual(1000);
      expect(cancelled.rowsWritten).toBeLessThan(20_000);
      expect(cancelled.message).toBe(
        `Cancelled; ${cancelled.rowsWritten.toLocaleString('en-US')} rows had already reached MongoDB and stay there`,
      );
      expect(await mongo().db(database).collection('products').countDocuments()).toBe(cancelled.rowsWritten);
      expect(
        engine.db.prepare("SELECT count(*) AS n FROM staged_rows WHERE job_id = ? AND status = 'staged'").get(job.id),
      ).toEqual({ n: 0 });
      expect(await engine.syncQueued(mongoUri())).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('cancels a waiting job at once, and leaves a finished job as it was', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 100);
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const waiting = await engine.runJob(
        engine.createJob(file, { wholesalerId: 'W', database: 'd', collection: 'c' }).id,
        null,
      );
      expect(waiting.state).toBe('waiting');
      expect(engine.cancel(waiting.id)).toMatchObject({ state: 'cancelled' });
      expect(stagedRowCount(engine, waiting.id)).toBe(0);
      expect(engine.cancel(waiting.id)).toMatchObject({ state: 'cancelled' });
      expect(await engine.stage(waiting.id)).toMatchObject({ state: 'cancelled' });
    } finally {
      await engine.close();
    }
  });
});
