/**
 * Benchmarks, run by `npm run bench`: each figure is measured beside its baseline in the same run,
 * on the same generated files and the same server, and printed as tables.
 * BENCH_ROWS (default 100,000) and BENCH_LARGE_ROWS (default 1,000,000) size the files.
 * BENCH_ONLY runs one part: `staging` (the staging tables), `xlsx` (the XLSX rows of the staging
 * table alone), `sync` (the sync table), `per-row` (sync against the old per-row approach, on
 * BENCH_PER_ROW_ROWS rows, default 5,000), `export` (error reports) or `reimport` (re-imports with
 * 1% and 10% changed, on mongo-java-server at BENCH_ROWS and FerretDB at BENCH_FERRETDB_REIMPORT_ROWS,
 * default 2,000); unset, everything runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { FerretDbServer } from '../support/ferretdb';
import { exportBench } from './export';
import { stagingBench } from './staging';
import { perRowBench, syncBench } from './sync';
import { reimportBench } from './reimport';
import { JavaMongoServer } from '../support/java-mongo';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const LARGE_ROWS = Number(process.env.BENCH_LARGE_ROWS ?? 1_000_000);
const ONLY = process.env.BENCH_ONLY ?? '';
const PARTS = ['', 'staging', 'xlsx', 'sync', 'per-row', 'export', 'reimport'];
const PER_ROW_ROWS = Number(process.env.BENCH_PER_ROW_ROWS ?? 5000);
/** FerretDB's conditional updates scan the collection (seconds each at 100,000 documents): smaller there. */
const FERRETDB_REIMPORT_ROWS = Number(process.env.BENCH_FERRETDB_REIMPORT_ROWS ?? 2000);

async function main(): Promise<void> {
  if (!PARTS.includes(ONLY)) throw new Error(`BENCH_ONLY must be one of ${PARTS.slice(1).join(', ')} (not ${ONLY})`);
  const dir = mkdtempSync(join(tmpdir(), 'import-console-bench-'));
  // Staging needs no server: it starts only when the sync part runs.
  const withSync = ONLY === '' || ONLY === 'sync' || ONLY === 'per-row';
  const server = withSync && !process.env.MONGODB_URI ? await FerretDbServer.launch() : null;
  const uri = process.env.MONGODB_URI ?? server?.uri ?? '';
  const mongo = withSync ? await new MongoClient(uri).connect() : null;
  try {
    const on = withSync ? `; server: ${server ? 'FerretDB 1.24.2 (SQLite)' : 'MONGODB_URI'}` : '';
    console.log(`Import Console benchmarks${ONLY ? ` (${ONLY} only)` : ''}${on}`);
    if (ONLY === '' || ONLY === 'staging' || ONLY === 'xlsx') {
      await stagingBench(dir, ROWS, LARGE_ROWS, ONLY === 'xlsx' ? 'xlsx' : 'all');
    }
    if (ONLY === '' || ONLY === 'export') await exportBench(dir, ROWS, LARGE_ROWS);
    if (mongo && ONLY !== 'per-row') await syncBench(dir, ROWS, mongo, uri);
    if (mongo && ONLY !== 'sync') await perRowBench(dir, PER_ROW_ROWS, mongo, uri);
    if (ONLY === '' || ONLY === 'reimport') {
      if (process.env.MONGODB_URI)
        await reimportBench(dir, { name: 'MONGODB_URI', uri: process.env.MONGODB_URI, rows: ROWS });
      else {
        const java = await JavaMongoServer.launch();
        const ferret = server ?? (await FerretDbServer.launch());
        try {
          await reimportBench(dir, { name: 'mongo-java-server 1.47 (memory)', uri: java.uri, rows: ROWS });
          await reimportBench(dir, { name: 'FerretDB 1.24.2 (SQLite)', uri: ferret.uri, rows: FERRETDB_REIMPORT_ROWS });
        } finally {
          await java.destroy();
          if (ferret !== server) await ferret.destroy();
        }
      }
    }
  } finally {
    await mongo?.close();
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
