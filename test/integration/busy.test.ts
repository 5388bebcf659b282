import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/config';
import { ImportEngine, type EngineWarning } from '../../src/main/core/engine';
import { catalogMismatches, writeCatalogCsv } from '../support/catalog';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { source } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const ROOT = resolve(__dirname, '../..');
/** How many documents a job's chunk in flight has planned versions for. */
const PLANNED_ROWS =
  'SELECT coalesce(sum((SELECT count(*) FROM json_each(versions))), 0) FROM chunk_plans WHERE job_id = ?';

/**
 * Another process holding the queue's write lock (BEGIN IMMEDIATE) for `holdMs`, taken as soon as
 * `whenSql` (a count) is above 0, or at once: what the app does to the CLI beside it, or a tool
 * like DB Browser for SQLite with changes not yet written.
 */
function holdWriteLock(
  file: string,
  holdMs: number,
  when: { sql: string; params: unknown[] } | null = null,
): { locked: Promise<void>; released: Promise<void>; stop: () => void } {
  const script = `
    const Database = require('better-sqlite3');
    const [file, holdMs, when] = process.argv.slice(1);
    const db = new Database(file, { timeout: 60000 });
    const wait = new Int32Array(new SharedArrayBuffer(4));
    const { sql, params } = JSON.parse(when) ?? {};
    while (sql && db.prepare(sql).pluck().get(...params) === 0) Atomics.wait(wait, 0, 0, 1);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(holdMs));`;
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs), JSON.stringify(when)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolveLocked) => {
    child.stdout.once('data', () => {
      resolveLocked();
    });
  });
  const released = once(child, 'exit').then(([code]) => {
    expect(code).toBe(0);
  });
  return {
    locked,
    released,
    stop: () => {
      child.kill();
    },
  };
}

/** A TCP proxy to a MongoDB server that holds every answer back `delayMs`: a chunk stays in flight that long. */
async function slowProxy(uri: string, delayMs: number): Promise<{ uri: string; server: Server }> {
  const { hostname, port } = new URL(uri);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => setTimeout(() => client.write(data), delayMs));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  const address = server.address() as { port: number };
  return { uri: `mongodb://127.0.0.1:${address.port}/?directConnection=true`, server };
}

describe('a local queue another process keeps locked (SQLITE_BUSY)', () => {
  const mongo = mongoForSuite();
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the lease heartbeat going while the queue is locked past the busy timeout, saying so, and beats again after', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dataDir = join(tempDir(), 'data');
    const engine = ImportEngine.open(dataDir);
    try {
      const warnings: EngineWarning[] = [];
      engine.onWarning((warning) => warnings.push(warning));
      // The wait before SQLITE_BUSY, cut short so that the test need not wait 10 s for it.
      engine.db.pragma('busy_timeout = 100');
      const lock = holdWriteLock(join(dataDir, DATABASE_FILE_NAME), 2000);
      await lock.locked;
      vi.advanceTimersByTime(10_000);
      expect(warnings).toEqual([
        {
          event: 'queue-busy',
          message: expect.stringMatching(
            /^The local queue .*import-console\.sqlite is locked by another process \(database is locked\); the leases of this one are renewed at the next beat$/,
          ),
        },
      ]);
      await lock.released;
      vi.advanceTimersByTime(10_000);
      expect(warnings).toHaveLength(1);
    } finally {
      vi.useRealTimers();
      await engine.close();
    }
  });

  it('waits out a queue locked past the busy timeout while a file is staged, and stages every row', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 8000);
    const engine = ImportEngine.open(join(dir, 'data'));
    let lock: ReturnType<typeof holdWriteLock> | undefined;
    try {
      const target = source({ wholesalerId: 'W-T', database: 'd', collection: 'c' });
      const job = engine.createJob(file, { ...target, limits: { ...target.limits, warnBatchSize: 100_000 } });
      // Taken once the first batch of rows is staged: the next one meets the lock.
      lock = holdWriteLock(join(dir, 'data', DATABASE_FILE_NAME), 12_000, {
        sql: 'SELECT count(*) FROM staged_rows WHERE job_id = ?',
        params: [job.id],
      });
      const done = await engine.runJob(job.id, null);
      await lock.released;
      expect(done).toMatchObject({ state: 'waiting', rowsParsed: 8000, rowsStaged: 8000, rowsFailed: 0 });
    } finally {
      lock?.stop();
      await engine.close();
    }
  });

  it(
    'a busy database during recordChunk retries: the job completes, every row written once',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const file = join(dir, 'catalog.csv');
      await writeCatalogCsv(file, 600);
      const database = uniqueDbName('busy');
      // Other documents, four times the job's: each chunk then looks up its own documents, and the
      // chunk's recording is the first write to the queue after MongoDB acknowledged it.
      const others = Array.from({ length: 2401 }, (_, i) => ({ _id: `W-OTHER:${i}`, wholesaler_id: 'W-OTHER' }));
      await mongo().db(database).collection<{ _id: string }>('products').insertMany(others);
      const proxy = await slowProxy(mongoUri(), 300);
      const engine = ImportEngine.open(join(dir, 'data'));
      let lock: ReturnType<typeof holdWriteLock> | undefined;
      try {
        const target = source({ wholesalerId: 'W-B', database, collection: 'products' });
        const job = engine.createJob(file, { ...target, limits: { ...target.limits, chunkSize: 200 } });
        // What the queue held when SQLITE_BUSY came: a chunk planned and sent, not yet recorded.
        let busyAt: { planned: number; written: number } | undefined;
        const warnings: EngineWarning[] = [];
        engine.onWarning((warning) => {
          warnings.push(warning);
          busyAt ??= {
            planned: engine.db.prepare(PLANNED_ROWS).pluck().get(job.id) as number,
            written: engine.listJobs()[0]?.rowsWritten ?? -1,
          };
        });
        // Taken once the first chunk's planned versions are kept, just before it is sent: the
        // chunk is then in flight (the proxy holds the answer back) and recording it meets the lock,
        // held past the 10 s busy timeout.
        lock = holdWriteLock(join(dir, 'data', DATABASE_FILE_NAME), 12_000, {
          sql: PLANNED_ROWS,
          params: [job.id],
        });
        const done = await engine.runJob(job.id, proxy.uri);
        await lock.released;

        expect(done).toMatchObject({ state: 'completed', rowsWritten: 600, rowsFailed: 0 });
        expect(busyAt).toEqual({ planned: 200, written: 0 });
        expect(warnings.map((w) => w.message)).toContainEqual(
          expect.stringMatching(
            /^catalog\.csv: the local queue .* is locked by another process \(database is locked\); the sync tries again in \d+ ms$/,
          ),
        );
        const docs = await mongo().db(database).collection('products').find({ wholesaler_id: 'W-B' }).toArray();
        expect(catalogMismatches(docs, 600, { wholesalerId: 'W-B', version: () => 1 })).toEqual([]);
      } finally {
        lock?.stop();
        await engine.close();
        proxy.server.close();
      }
    },
  );
});
