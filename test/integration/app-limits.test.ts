import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppLimitsInput, JobView } from '../../src/preload/contract';
import { engineConfig } from '../../src/main/core/config';
import { ImportEngine } from '../../src/main/core/engine';
import { jobProfileOf } from '../../src/main/core/store/jobs';
import { writeCatalogCsv } from '../support/catalog';
import { engineForEachTest, nextEvent } from '../support/engine';
import { mongoUri } from '../support/mongo';
import { source } from '../support/profile';
import { uniqueDbName } from '../support/temp';

const NOTHING_SAVED: AppLimitsInput = {
  workerConcurrency: null,
  rateLimitMax: null,
  rateLimitDurationMs: null,
  retentionDays: null,
};

const DAY_MS = 86_400_000;

const sentRows = (engine: ImportEngine, jobId: string): number =>
  (
    engine.db
      .prepare("SELECT count(*) AS n FROM staged_rows WHERE job_id = ? AND status IN ('written', 'unchanged')")
      .get(jobId) as { n: number }
  ).n;

/** Makes a finished job look as if it ended `days` days ago. */
const endedDaysAgo = (engine: ImportEngine, jobId: string, days: number): void => {
  engine.db
    .prepare('UPDATE jobs SET updated_at = ? WHERE id = ?')
    .run(new Date(Date.now() - days * DAY_MS).toISOString(), jobId);
};

describe('the app-wide limits saved in Settings', () => {
  const { dir, engine } = engineForEachTest();
  const target = { wholesalerId: 'W-L', database: 'd', collection: 'products' };

  it('override the environment field by field, for jobs created from then on and after a restart', async () => {
    const environment = engineConfig({
      IMPORT_WORKER_CONCURRENCY: '3',
      IMPORT_RATE_LIMIT_MAX: '10',
      IMPORT_RETENTION_DAYS: '30',
    });
    const open = (): ImportEngine => ImportEngine.open(join(dir(), 'tuned'), environment);
    const first = open();
    const defaults = { workerConcurrency: 3, rateLimitMax: 10, rateLimitDurationMs: 60_000, retentionDays: 30 };
    let before: JobView;
    try {
      expect(first.appLimits()).toEqual({ saved: NOTHING_SAVED, defaults });
      before = first.createJob(join(dir(), 'a.csv'), target);
      const saved = { ...NOTHING_SAVED, workerConcurrency: 5, rateLimitDurationMs: 1000 };
      expect(first.saveAppLimits(saved)).toBe(0);
      expect(first.appLimits()).toEqual({ saved, defaults });
      expect(first.config).toMatchObject({ workerConcurrency: 5, retentionDays: 30 });
      // The window saved, the count still the environment's; a source's own rate limit wins.
      expect(first.profileFor(target).limits).toMatchObject({ rateLimitMax: 10, rateLimitDurationMs: 1000 });
      const own = source({ limits: { ...source().limits, rateLimitMax: 2, rateLimitDurationMs: 500 } });
      expect(first.profileFor(own).limits).toMatchObject({ rateLimitMax: 2, rateLimitDurationMs: 500 });
      // A job keeps the limits it was created with, as it keeps its source.
      expect(jobProfileOf(first.db, before.id).limits).toMatchObject({ rateLimitDurationMs: 60_000 });
    } finally {
      await first.close();
    }

    const reopened = open();
    try {
      expect(reopened.config).toMatchObject({
        workerConcurrency: 5,
        retentionDays: 30,
        limits: { rateLimitMax: 10, rateLimitDurationMs: 1000 },
      });
      // Back to nothing saved: the environment's values again.
      reopened.saveAppLimits(NOTHING_SAVED);
      expect(reopened.config).toMatchObject({ workerConcurrency: 3, limits: { rateLimitDurationMs: 60_000 } });
    } finally {
      await reopened.close();
    }
  });

  it('take a new number of jobs at once at the next job start, for jobs already queued too', async () => {
    const files = ['a', 'b', 'c', 'd'].map((name) => join(dir(), `${name}.csv`));
    for (const file of files) await writeCatalogCsv(file, 2000);
    engine().saveAppLimits({ ...NOTHING_SAVED, workerConcurrency: 1 });
    const reading = new Set<string>();
    let peak = 0;
    let whenRaised = 0;
    engine().onJob((job) => {
      if (job.state === 'parsing') reading.add(job.id);
      else reading.delete(job.id);
      peak = Math.max(peak, reading.size);
      // Raised while the first file is read and the others wait their turn.
      if (job.state === 'parsing' && whenRaised === 0) {
        whenRaised = reading.size;
        engine().saveAppLimits({ ...NOTHING_SAVED, workerConcurrency: 3 });
      }
    });
    const jobs = files.map((file) => engine().createJob(file, target));
    // No server: each job is read, then waits for one.
    const done = await Promise.all(jobs.map((job) => engine().runJob(job.id, null)));
    expect(done.map((job) => job.state)).toEqual(['waiting', 'waiting', 'waiting', 'waiting']);
    expect(whenRaised).toBe(1);
    expect(peak).toBe(3);
  });

  it('prune the sent rows past the retention when saved, and when the engine opens', async () => {
    const database = uniqueDbName('retention');
    const imported = async (engine: ImportEngine, name: string): Promise<string> => {
      const file = join(dir(), `${name}.csv`);
      await writeCatalogCsv(file, 50);
      const job = engine.createJob(file, { ...target, database });
      const completed = nextEvent(engine, (j) => j.id === job.id && j.state === 'completed');
      void engine.runJob(job.id, mongoUri());
      await completed;
      return job.id;
    };
    const three = await imported(engine(), 'three-days');
    endedDaysAgo(engine(), three, 3);
    expect(sentRows(engine(), three)).toBe(50);
    // Seven days (the default) keep it, five too; two do not.
    expect(engine().saveAppLimits({ ...NOTHING_SAVED, retentionDays: 5 })).toBe(0);
    expect(engine().saveAppLimits({ ...NOTHING_SAVED, retentionDays: 2 })).toBe(50);
    expect(sentRows(engine(), three)).toBe(0);
    expect(engine().listJobs()[0]).toMatchObject({ id: three, rowsWritten: 50 });

    const four = await imported(engine(), 'four-days');
    endedDaysAgo(engine(), four, 4);
    await engine().close();
    const reopened = ImportEngine.open(join(dir(), 'data'));
    try {
      expect(sentRows(reopened, four)).toBe(0);
    } finally {
      await reopened.close();
    }
  });
});
