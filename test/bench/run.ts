/**
 * Benchmarks, run by `npm run bench`: each figure is measured beside its baseline in the same run,
 * on the same generated files and the same server, and printed as tables.
 * BENCH_ROWS (default 100,000) and BENCH_LARGE_ROWS (default 1,000,000) size the files.
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'import-console-bench-'));
  const server = process.env.MONGODB_URI ? null : await FerretDbServer.launch();
  const uri = process.env.MONGODB_URI ?? server?.uri ?? '';
  const mongo = await new MongoClient(uri).connect();
  try {
    console.log(`Import Console benchmarks; server: ${server ? 'FerretDB 1.24.2 (SQLite)' : 'MONGODB_URI'}`);
    await stagingBench(dir, ROWS, LARGE_ROWS);
    await syncBench(dir, ROWS, mongo, uri);
  } finally {
    await mongo.close();
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
