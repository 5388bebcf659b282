import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { catalogMismatches, writeCatalogCsv } from '../support/catalog';
import { cli, needsBuiltCli, printedObject } from '../support/cli';
import { mongoForSuite } from '../support/mongo';
import { source } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');
const asRoot = process.getuid?.() === 0;
/** Rows of the catalog: it fits in the 6 MB file system once the filler is gone, not beside it. */
const ROWS = 2000;
/** What the filler leaves free: too little to stage the catalog. */
const LEFT_FREE = 400 * 1024;

const freeBytes = (dir: string): number => {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
};

describe.skipIf(!asRoot)('a full disk under the data folder (a 6 MB tmpfs: mounting it needs root)', () => {
  const mongo = mongoForSuite();
  needsBuiltCli();
  let disk = '';
  beforeAll(() => {
    disk = mkdtempSync(join(tmpdir(), 'import-console-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', disk]);
  });
  // Each test has the whole disk to itself.
  afterEach(() => {
    for (const entry of readdirSync(disk)) rmSync(join(disk, entry), { recursive: true, force: true });
  });
  afterAll(() => {
    if (!disk) return;
    // Lazily: a test that failed with the queue still open must not leave the mount behind.
    execFileSync('umount', ['--lazy', disk]);
    rmSync(disk, { recursive: true, force: true });
  });

  it(
    'fails the import naming the folder and the space it needs, keeps batches readable, and completes on retry once space is freed',
    { timeout: 120_000 },
    async () => {
      const dataDir = join(disk, 'data');
      const file = join(tempDir(), 'catalog.csv');
      await writeCatalogCsv(file, ROWS);
      const database = uniqueDbName('diskfull');
      // The queue exists before the disk fills, as a data folder in use does.
      await ImportEngine.open(dataDir).close();
      const filler = join(disk, 'filler');
      writeFileSync(filler, Buffer.alloc(freeBytes(disk) - LEFT_FREE));

      const target = ['--db', database, '--collection', 'products', '--wholesaler', 'W-F', '--data-dir', dataDir];
      const imported = await cli(['import', file, '--mongo', mongoUri, ...target, '--json']);
      expect(imported.code, imported.stderr).toBe(1);
      const summary = printedObject(imported);
      expect(summary).toMatchObject({ outcome: 'failed', state: 'failed', written: 0 });
      expect(summary.message).toMatch(
        new RegExp(
          `^The disk of the data folder ${dataDir} is full \\([\\d,]+ KB free\\): catalog\\.csv was not queued`,
        ),
      );
      expect(summary.message).toMatch(/Staging it needs about \d+(\.\d)? MB free there/);

      // Reading the queue needs no space: the commands that only read it work on the full disk.
      const batches = await cli(['batches', '--data-dir', dataDir, '--json']);
      expect(batches.code, batches.stderr).toBe(0);
      const listed = JSON.parse(batches.stdout) as { id: string; state: string }[];
      expect(listed).toHaveLength(1);
      const batch = await cli(['batch', listed[0]?.id ?? '', '--data-dir', dataDir]);
      expect(batch.code, batch.stderr).toBe(0);
      expect(batch.stdout).toContain('catalog.csv');
      const report = join(tempDir(), 'errors.csv');
      const errors = await cli([
        'errors',
        listed[0]?.id ?? '',
        '--format',
        'csv',
        '--out',
        report,
        '--data-dir',
        dataDir,
      ]);
      expect(errors.code, errors.stderr).toBe(0);

      const engine = ImportEngine.open(dataDir);
      try {
        const [job] = engine.listJobs();
        expect(job).toMatchObject({ state: 'failed', rowsStaged: 0, rowsRetryable: 0 });
        rmSync(filler);
        const retried = await engine.retryFailedRows(job?.id ?? '', mongoUri);
        expect(retried, retried.message ?? '').toMatchObject({
          state: 'completed',
          rowsParsed: ROWS,
          rowsWritten: ROWS,
          rowsFailed: 0,
        });
        const docs = await mongo().db(database).collection('products').find().toArray();
        expect(catalogMismatches(docs, ROWS, { wholesalerId: 'W-F', version: () => 1 })).toEqual([]);
      } finally {
        await engine.close();
      }
    },
  );

  it('fails a sync whose progress cannot be recorded, and on retry sends the rest, no row written twice', async () => {
    const dataDir = join(disk, 'sync');
    const file = join(tempDir(), 'catalog.csv');
    await writeCatalogCsv(file, 1000);
    const database = uniqueDbName('fullsync');
    const engine = ImportEngine.open(dataDir);
    const filler = join(disk, 'filler-sync');
    try {
      const target = source({ wholesalerId: 'W-S', database, collection: 'products' });
      const job = engine.createJob(file, { ...target, limits: { ...target.limits, chunkSize: 100 } });
      // Once the first chunk is recorded, the disk fills up: the log is emptied first, so that
      // recording the next chunk needs room it cannot have.
      const stop = engine.onJob((j) => {
        if (j.state !== 'syncing' || j.rowsWritten === 0) return;
        stop();
        engine.db.pragma('wal_checkpoint(TRUNCATE)');
        fillUp(filler);
      });
      const failed = await engine.runJob(job.id, mongoUri);
      expect(failed).toMatchObject({ state: 'failed', rowsWritten: 100 });
      expect(failed.message).toMatch(
        new RegExp(`^The disk of the data folder ${dataDir} is full \\(\\d+ KB free\\): the sync stopped`),
      );

      rmSync(filler);
      const retried = await engine.retryFailedRows(job.id, mongoUri);
      expect(retried).toMatchObject({ state: 'completed', rowsWritten: 1000, rowsFailed: 0 });
      const docs = await mongo().db(database).collection('products').find().toArray();
      expect(catalogMismatches(docs, 1000, { wholesalerId: 'W-S', version: () => 1 })).toEqual([]);
    } finally {
      rmSync(filler, { force: true });
      await engine.close();
    }
  });

  it('reads the queue on a disk with no byte left, beside the app and alone, a job a process that is gone left mid-read included', async () => {
    const dataDir = join(disk, 'left');
    const file = join(tempDir(), 'catalog.csv');
    await writeCatalogCsv(file, 10);
    const app = ImportEngine.open(dataDir);
    const job = app.createJob(file, { wholesalerId: 'W-L', database: 'd', collection: 'c' });
    // What an import killed while reading leaves: parsing, leased to a process that no longer exists.
    app.db
      .prepare("UPDATE jobs SET state = 'parsing', lease_owner = ?, lease_expires_at = ? WHERE id = ?")
      .run(`999999999@${hostname()}#gone`, Date.now() + 60_000, job.id);
    const filler = join(disk, 'filler-left');
    const listed = async (): Promise<unknown[]> => {
      const batches = await cli(['batches', '--data-dir', dataDir, '--json']);
      expect(batches.code, batches.stderr).toBe(0);
      return JSON.parse(batches.stdout) as unknown[];
    };

    // Beside the app, the queue opens as usual; taking the job back would write, and waits.
    fillUp(filler);
    expect(await listed()).toHaveLength(1);
    rmSync(filler);
    await app.close();
    // Alone, the queue's shared index (its -shm file) cannot even be made: it is read all the same.
    fillUp(filler);
    expect(await listed()).toHaveLength(1);
    // The app too: it lists the jobs, and its lease heartbeat, which cannot write, waits for room.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const reading = ImportEngine.open(dataDir);
    try {
      expect(reading.listJobs()).toMatchObject([{ id: job.id, state: 'parsing' }]);
      vi.advanceTimersByTime(10_000);
    } finally {
      vi.useRealTimers();
      await reading.close();
    }

    // With room again, the next open takes the job back: it is read again from the start.
    rmSync(filler);
    const reopened = ImportEngine.open(dataDir);
    try {
      expect(reopened.listJobs()).toMatchObject([{ id: job.id, state: 'queued' }]);
    } finally {
      await reopened.close();
    }
  });
});

/** Writes `file` until the disk has not one byte left. */
function fillUp(file: string): void {
  writeFileSync(file, Buffer.alloc(freeBytes(dirname(file))));
  const fd = openSync(file, 'a');
  try {
    for (;;) writeSync(fd, Buffer.alloc(512));
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    closeSync(fd);
  }
}
