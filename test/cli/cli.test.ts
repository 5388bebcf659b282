import { execFile, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { writeCatalogCsv } from '../support/catalog';
import { mongoForSuite } from '../support/mongo';
import { tempDir, uniqueDbName } from '../support/temp';

const CLI = resolve(__dirname, '../../out/main/cli.js');
const mongoUri = inject('mongoUri');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in its own process. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** `import` arguments for a file into a fresh database, with the local queue under `dir`. */
function importArgs(file: string, db: string, dir: string): string[] {
  return [
    'import',
    file,
    '--mongo',
    mongoUri,
    '--db',
    db,
    '--collection',
    'products',
    '--wholesaler',
    'W-9',
    '--data-dir',
    join(dir, 'q'),
  ];
}

describe('the import-console CLI', () => {
  const mongo = mongoForSuite();
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });

  it('imports 100,000 rows into MongoDB, and importing them again changes nothing', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog-100k.csv');
    await writeCatalogCsv(file, 100_000);
    const db = uniqueDbName('cli100k');
    const args = [...importArgs(file, db, dir), '--json'];

    const first = await cli(args);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      state: 'completed',
      rowsRead: 100_000,
      written: 100_000,
      failed: 0,
    });
    expect(first.stderr).toContain('catalog-100k.csv: syncing');
    const products = mongo().db(db).collection('products');
    expect(await products.countDocuments()).toBe(100_000);

    const second = await cli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ state: 'completed', written: 0, unchanged: 100_000, failed: 0 });
    expect(await products.countDocuments()).toBe(100_000);
  });

  it('queues a file locally without --mongo, and sync sends it later', async () => {
    const dir = tempDir();
    const file = join(dir, 'offline.csv');
    await writeCatalogCsv(file, 2500);
    const db = uniqueDbName('clioffline');
    const env = { IMPORT_CONSOLE_DATA_DIR: join(dir, 'queue') };

    const queued = await cli(['import', file, '--db', db, '--collection', 'products', '--wholesaler', 'W-1'], env);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toContain('waiting');
    expect(queued.stdout).toContain('import-console sync --mongo');
    expect(await mongo().db(db).collection('products').countDocuments()).toBe(0);

    const synced = await cli(['sync', '--mongo', mongoUri, '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    const summary = JSON.parse(synced.stdout) as { jobs: { state: string; written: number }[] };
    expect(summary.jobs).toEqual([expect.objectContaining({ state: 'completed', written: 2500 })]);
    expect(await mongo().db(db).collection('products').countDocuments()).toBe(2500);
  });

  it('exits 1 and names file, row and column of each bad row, while the good rows are written', async () => {
    const dir = tempDir();
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, 'entity_code,name,price\nA-1,Hammer,9.90\n,Nameless,1.00\nA-3,Saw\nA-4,Drill,59.00\n');
    const db = uniqueDbName('climixed');
    const run = await cli(importArgs(file, db, dir));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('completed_with_errors');
    expect(run.stdout).toContain('mixed.csv: row 3, column entity_code: entity_code is empty');
    expect(run.stdout).toContain('mixed.csv: row 4: expected 3 columns, found 2');
    const codes = (await mongo().db(db).collection('products').find().toArray())
      .map((d) => d.entity_code as string)
      .sort();
    expect(codes).toEqual(['A-1', 'A-4']);
  });

  it('fails the job with the file and row when the header has no entity_code', async () => {
    const dir = tempDir();
    const file = join(dir, 'noheader.csv');
    writeFileSync(file, 'sku,name\n1,Hammer\n');
    const run = await cli([
      'import',
      file,
      '--db',
      'x',
      '--collection',
      'y',
      '--wholesaler',
      'z',
      '--data-dir',
      join(dir, 'q'),
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      state: 'failed',
      message: 'noheader.csv: row 1: no "entity_code" column in the header (found: sku, name)',
    });
  });

  it('cancels the import on Ctrl-C and exits 130', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    await writeCatalogCsv(file, 400_000);
    const child = spawn(process.execPath, [CLI, ...importArgs(file, uniqueDbName('clicancel'), dir), '--json']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    await new Promise<void>((started) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('parsing')) started();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(JSON.parse(stdout)).toMatchObject({
      state: 'cancelled',
      written: 0,
      message: 'Cancelled; nothing was written to MongoDB',
    });
  });

  it('exits 2 with usage help when arguments are missing', async () => {
    const run = await cli(['import', 'file.csv', '--db', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('import needs --collection, --wholesaler');
    expect(run.stderr).toContain('Usage:');
  });
});
