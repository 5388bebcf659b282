/**
 * Benchmarks, run by `npm run bench`: each figure is measured beside its baseline in the same run,
 * on the same generated files and the same server, and printed as tables.
 * BENCH_ROWS (default 100,000) and BENCH_LARGE_ROWS (default 1,000,000) size the files.
 * BENCH_ONLY runs one part: `staging` (the staging tables), `xlsx` (the XLSX rows of the staging
 * table alone) or `sync` (the sync table); unset, everything runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { FerretDbServer } from '../support/ferretdb';
import { stagingBench } from './staging';
import { syncBench } from './sync';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LARGE_ROWS = Number(process.env.BENCH_LARGE_ROWS ?? 1_000_000);
const ONLY = process.env.BENCH_ONLY ?? '';
const PARTS = ['', 'staging', 'xlsx', 'sync'];

async function main(): Promise<void> {
  if (!PARTS.includes(ONLY)) throw new Error(`BENCH_ONLY must be one of staging, xlsx, sync (not ${ONLY})`);
  const dir = mkdtempSync(join(tmpdir(), 'import-console-bench-'));
  // Staging needs no server: it starts only when the sync part runs.
  const withSync = ONLY === '' || ONLY === 'sync';
  const server = withSync && !process.env.MONGODB_URI ? await FerretDbServer.launch() : null;
  const uri = process.env.MONGODB_URI ?? server?.uri ?? '';
  const mongo = withSync ? await new MongoClient(uri).connect() : null;
  try {
    const on = withSync ? `; server: ${server ? 'FerretDB 1.24.2 (SQLite)' : 'MONGODB_URI'}` : '';
    console.log(`Import Console benchmarks${ONLY ? ` (${ONLY} only)` : ''}${on}`);
    if (ONLY !== 'sync') await stagingBench(dir, ROWS, LARGE_ROWS, ONLY === 'xlsx' ? 'xlsx' : 'all');
    if (mongo) await syncBench(dir, ROWS, mongo, uri);
  } finally {
    await mongo?.close();
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
