/**
 * Benchmarks, run by `npm run bench`: each figure is measured beside its baseline in the same run,
 * on the same generated file and the same server, and printed as a table.
 */
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse';
import { MongoClient } from 'mongodb';
import { CATALOG_COLUMNS, writeCatalogCsv } from '../support/catalog';
import { FerretDbServer } from '../support/ferretdb';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const CLI = resolve(__dirname, '../../out/main/cli.js');

interface Measure {
  step: string;
  seconds: number;
  peakRssMb: number | null;
}

async function timed(step: string, work: () => Promise<unknown>): Promise<Measure> {
  const started = process.hrtime.bigint();
  await work();
  return { step, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: null };
}

/** Runs the built CLI and samples its peak RSS (VmHWM, worker threads included) until it exits. */
function runCli(step: string, args: string[]): Promise<Measure> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let peakKb = 0;
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm?.[1]) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // The process has just exited.
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== 0) {
        fail(new Error(`${step}: the CLI exited with ${code}: ${stdout}`));
        return;
      }
      done({ step, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peakKb / 1024 });
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'import-console-bench-'));
  const server = process.env.MONGODB_URI ? null : await FerretDbServer.launch();
  const uri = process.env.MONGODB_URI ?? server?.uri ?? '';
  const mongo = await new MongoClient(uri).connect();
  try {
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, ROWS);

    const csvPass = await timed('csv-parse pass over the file (baseline)', async () => {
      let records = 0;
      for await (const record of createReadStream(file).pipe(parse({ columns: true }))) if (record) records++;
      if (records !== ROWS) throw new Error(`csv-parse read ${records} rows, expected ${ROWS}`);
    });
    const insertMany = await timed('insertMany in chunks of 1,000 into an empty collection (baseline)', async () => {
      const collection = mongo.db(`bench_raw_${Date.now()}`).collection('products');
      let docs: Record<string, string>[] = [];
      for await (const record of createReadStream(file).pipe(parse({ columns: [...CATALOG_COLUMNS], from_line: 2 }))) {
        docs.push(record as Record<string, string>);
        if (docs.length === 1000) {
          await collection.insertMany(docs);
          docs = [];
        }
      }
      if (docs.length) await collection.insertMany(docs);
    });
    const importArgs = ['import', file, '--mongo', uri, '--db', `bench_cli_${Date.now()}`, '--collection', 'products'];
    const common = ['--wholesaler', 'W-BENCH', '--data-dir', join(dir, 'queue'), '--json'];
    const first = await runCli('CLI import, first time', [...importArgs, ...common]);
    const again = await runCli('CLI import of the same file again', [...importArgs, ...common]);

    const rate = (m: Measure): string => Math.round(ROWS / m.seconds).toLocaleString('en-US');
    console.log(
      `\nImport Console benchmark: ${ROWS.toLocaleString('en-US')} catalog rows, server ${server ? 'FerretDB 1.24.2 (SQLite)' : 'MONGODB_URI'}\n`,
    );
    console.log('| step | seconds | rows/s | peak RSS (MB) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const m of [csvPass, insertMany, first, again]) {
      console.log(
        `| ${m.step} | ${m.seconds.toFixed(2)} | ${rate(m)} | ${m.peakRssMb === null ? '' : m.peakRssMb.toFixed(0)} |`,
      );
    }
    console.log('\n| ratio | value |');
    console.log('| --- | ---: |');
    console.log(`| first import rows/s ÷ insertMany rows/s | ${(insertMany.seconds / first.seconds).toFixed(2)} |`);
    console.log(
      `| first import ÷ re-import of the same file (speed-up) | ${(first.seconds / again.seconds).toFixed(2)} |`,
    );
  } finally {
    await mongo.close();
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
