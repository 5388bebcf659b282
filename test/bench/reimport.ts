import { join } from 'node:path';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { printTable, runCli, type Measure } from './measure';

/** A server the sync benchmarks run on, labelled as what it is: none of them is MongoDB. */
export interface BenchServer {
  name: string;
  uri: string;
  /** Rows of the re-import benchmark on it (FerretDB's conditional updates cost a scan each). */
  rows: number;
}

interface SyncedJobs {
  jobs: { written: number; unchanged: number; failed: number }[];
}

/** A sync that wrote exactly `written` rows and left the rest unchanged, none failed. */
const wrote =
  (written: number) =>
  (stdout: string, rows: number): boolean => {
    const { jobs } = JSON.parse(stdout || '{"jobs":[]}') as SyncedJobs;
    const sum = (key: 'written' | 'unchanged' | 'failed'): number => jobs.reduce((total, job) => total + job[key], 0);
    return sum('failed') === 0 && sum('written') === written && sum('unchanged') === rows - written;
  };

/**
 * Re-imports of a catalog with 1% and 10% of its rows changed, into the collection its first
 * import filled: the update path, each write conditional on the version read. Timed as `sync`
 * alone (the file is staged first), beside the first import on the same server.
 */
export async function reimportBench(dir: string, server: BenchServer): Promise<void> {
  const { rows, uri } = server;
  const run = `${server.name.replace(/\W+/g, '_')}_${Date.now().toString(36)}`;
  const file = join(dir, `reimport-${run}.csv`);
  const queue = join(dir, `q-reimport-${run}`);
  const args = ['--db', `bench_reimport_${run}`, '--collection', 'products', '--wholesaler', 'W-BENCH'];
  const once = async (step: string, written: number): Promise<Measure> => {
    await runCli('staging', rows, ['import', file, ...args, '--data-dir', queue, '--json']);
    return runCli(step, rows, ['sync', '--mongo', uri, '--data-dir', queue, '--json'], wrote(written));
  };
  await writeCatalogCsv(file, rows);
  const first = await once('first import into an empty collection', rows);
  const measures = [first];
  for (const share of [0.01, 0.1]) {
    const every = Math.round(1 / share);
    // Prices change on every 100th (10th) row, and from one re-import to the next.
    await writeCatalogCsv(file, rows, (i) =>
      i % every === 0 ? { ...catalogRow(i), price: `${share * 1000}.00` } : catalogRow(i),
    );
    measures.push(await once(`re-import, ${share * 100}% of rows changed`, Math.floor(rows / every)));
  }
  printTable(
    `Re-import on ${server.name}: ${rows.toLocaleString('en-US')} rows into ${rows.toLocaleString('en-US')} documents`,
    measures,
  );
  console.log('\n| re-import | rows/s ÷ first import rows/s |\n| --- | ---: |');
  for (const m of measures.slice(1))
    console.log(`| ${m.step} | ${(m.rows / m.seconds / (first.rows / first.seconds)).toFixed(2)} |`);
}
