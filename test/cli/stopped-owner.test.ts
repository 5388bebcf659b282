import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../src/main/core/config';
import { writeCatalogCsv } from '../support/catalog';
import { CLI, cli, needsBuiltCli } from '../support/cli';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { tempDir, uniqueDbName } from '../support/temp';

/**
 * A CLI import stopped by the OS (SIGSTOP, as a debugger or a sleeping laptop would) past its
 * lease, a `sync` from another CLI on the same data folder, then SIGCONT: every row is written
 * once and the job ends in one final state, whoever finishes it.
 */
describe('a stopped process and its lease', () => {
  needsBuiltCli();
  const mongo = mongoForSuite();
  const ROWS = 3000;
  /** A lease of 300 ms: a live owner on this machine keeps it for 20 of them (6 s) unrenewed. */
  const env = { IMPORT_LEASE_TTL_MS: '300', IMPORT_CHUNK_SIZE: '50' };

  async function stoppedImport(dir: string, database: string): Promise<{ child: ChildProcess; done: Promise<number> }> {
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, ROWS);
    const args = ['import', file, '--mongo', mongoUri(), '--db', database, '--collection', 'products'];
    const child = spawn(
      process.execPath,
      [CLI, ...args, '--wholesaler', 'W-S', '--data-dir', join(dir, 'data'), '--json'],
      {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      },
    );
    const done = new Promise<number>((exited) =>
      child.on('exit', (code) => {
        exited(code ?? -1);
      }),
    );
    // Stopped once it has recorded a few chunks: mid-sync.
    for (let chunks = 0; chunks < 3; await new Promise((resolve) => setTimeout(resolve, 20))) {
      chunks = readJob(dir)?.chunks_written ?? 0;
    }
    child.kill('SIGSTOP');
    // Stopped inside a write transaction, it would hold the queue's lock and no process could
    // take anything over until it went on (SQLite's locking): that is not what is tried here.
    while (holdsWriteLock(dir)) {
      child.kill('SIGCONT');
      await new Promise((resolve) => setTimeout(resolve, 5));
      child.kill('SIGSTOP');
    }
    return { child, done };
  }

  /** True while some process holds the queue's write lock. */
  function holdsWriteLock(dir: string): boolean {
    const db = new Database(join(dir, 'data', DATABASE_FILE_NAME), { timeout: 0 });
    try {
      db.prepare('BEGIN IMMEDIATE').run();
      db.prepare('ROLLBACK').run();
      return false;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw error;
    } finally {
      db.close();
    }
  }

  function readJob(dir: string): { state: string; chunks_written: number; rows_written: number } | undefined {
    try {
      const db = new Database(join(dir, 'data', DATABASE_FILE_NAME), { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT state, chunks_written, rows_written FROM jobs').get() as never;
      } finally {
        db.close();
      }
    } catch {
      return undefined;
    }
  }

  async function everyRowOnce(database: string): Promise<void> {
    const docs = await mongo().db(database).collection('products').find().toArray();
    expect(docs).toHaveLength(ROWS);
    expect(docs.filter((doc) => doc.version !== 1)).toEqual([]);
  }

  it(
    'leaves the job to its owner while it is stopped, which finishes it once continued',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const database = uniqueDbName('stopped');
      const { child, done } = await stoppedImport(dir, database);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const before = readJob(dir);
      const other = await cli(['sync', '--mongo', mongoUri(), '--data-dir', join(dir, 'data'), '--json'], env);
      expect(readJob(dir)).toEqual(before);
      // Whatever the other process reports (under load its summary may be a failure to connect), it did not finish the job.
      const printed = JSON.parse(other.stdout) as { jobs?: { state: string; message: string | null }[] };
      expect((printed.jobs ?? []).map((job) => job.state)).not.toContain('completed');
      // When it got as far as the job, it says whose the job is.
      for (const job of printed.jobs ?? []) {
        expect(job.message).toBe(
          `left to process ${child.pid} on this machine, which is working on this job now; sync again once it is done`,
        );
      }
      child.kill('SIGCONT');
      expect(await done).toBe(0);
      expect(readJob(dir)).toMatchObject({ state: 'completed', rows_written: ROWS });
      await everyRowOnce(database);
    },
  );

  it(
    'lets another process take the job once the owner was stopped too long; continued, the owner gives it up',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const database = uniqueDbName('taken-over');
      const { child, done } = await stoppedImport(dir, database);
      await new Promise((resolve) => setTimeout(resolve, 7000));
      const other = await cli(['sync', '--mongo', mongoUri(), '--data-dir', join(dir, 'data'), '--json'], env);
      expect(other.code, other.stdout + other.stderr).toBe(0);
      expect(readJob(dir)).toMatchObject({ state: 'completed', rows_written: ROWS });
      child.kill('SIGCONT');
      await done;
      // The owner, woken, changed nothing: the state and counts are the other process's.
      expect(readJob(dir)).toMatchObject({ state: 'completed', rows_written: ROWS });
      await everyRowOnce(database);
    },
  );
});
