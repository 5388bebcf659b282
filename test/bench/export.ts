import { join } from 'node:path';
import { catalogRow, writeCatalogCsv, writeCatalogXlsx, type CatalogRow } from '../support/catalog';
import { printRatios, printTable, runCli, speedRatio, stageArgs, timed, type Measure } from './measure';

/** Every row of this catalog fails validation: its price is text. */
const unpriced = (i: number): CatalogRow => ({ ...catalogRow(i), price: `${i} EUR` });

/** Stages a catalog whose every row fails, so that the queue holds `rows` error rows to export. */
async function queueOfErrors(dir: string, name: string, rows: number): Promise<string> {
  const file = join(dir, `${name}.csv`);
  await writeCatalogCsv(file, rows, unpriced);
  const queue = `q-${name}`;
  // Every row failed, so the import itself exits 1; the summary must still say so.
  await runCli(
    `stage ${name}`,
    rows,
    stageArgs(file, dir, queue),
    (stdout) => {
      const summary = JSON.parse(stdout || '{}') as { failed?: number };
      return summary.failed === rows;
    },
    1,
  );
  return join(dir, queue);
}

const exportArgs = (queue: string, format: 'csv' | 'xlsx', out: string, id: string): string[] => [
  'errors',
  id,
  '--format',
  format,
  '--out',
  out,
  '--data-dir',
  queue,
  '--json',
];

/** The job id of the only job in a queue, as `batches --json` lists it. */
async function onlyBatch(queue: string): Promise<string> {
  let id = '';
  await runCli('list', 0, ['batches', '--data-dir', queue, '--json'], (stdout) => {
    id = (JSON.parse(stdout) as { id: string }[])[0]?.id ?? '';
    return id !== '';
  });
  return id;
}

const count = (n: number): string => n.toLocaleString('en-US');

const wrote = (stdout: string, rows: number): boolean =>
  (JSON.parse(stdout || '{}') as { rows?: number }).rows === rows;

/**
 * The error report: exporting every failed row of a batch to CSV and XLSX through the CLI, against
 * writing a catalog file of as many rows directly (the cost of the file itself), and the memory of
 * a report of `largeRows` against one of `rows`.
 */
export async function exportBench(dir: string, rows: number, largeRows: number): Promise<void> {
  const sizes = { rows, large: largeRows };
  const queues = { rows: await queueOfErrors(dir, 'rows', rows), large: await queueOfErrors(dir, 'large', largeRows) };
  const batches = { rows: await onlyBatch(queues.rows), large: await onlyBatch(queues.large) };
  const report = (format: 'csv' | 'xlsx', size: 'rows' | 'large') =>
    runCli(
      `errors --format ${format}`,
      sizes[size],
      exportArgs(queues[size], format, join(dir, `${size}.${format}`), batches[size]),
      wrote,
    );

  const bareCsv = await timed('writing a catalog CSV directly (baseline)', rows, () =>
    writeCatalogCsv(join(dir, 'bare.csv'), rows, unpriced),
  );
  const bareXlsx = await timed('writing a catalog XLSX directly (baseline)', rows, () =>
    writeCatalogXlsx(join(dir, 'bare.xlsx'), rows, unpriced),
  );
  const csv = await report('csv', 'rows');
  const xlsx = await report('xlsx', 'rows');
  const largeCsv = await report('csv', 'large');
  const largeXlsx = await report('xlsx', 'large');
  printTable(`Error report: ${count(rows)} and ${count(largeRows)} failed rows`, [
    bareCsv,
    csv,
    largeCsv,
    bareXlsx,
    xlsx,
    largeXlsx,
  ]);
  const rss = (a: Measure, b: Measure): number => (a.peakRssMb ?? 0) / (b.peakRssMb ?? 1);
  printRatios([
    ['CSV report rows/s ÷ direct CSV write rows/s', speedRatio(csv, bareCsv), 'reported'],
    ['XLSX report rows/s ÷ direct XLSX write rows/s', speedRatio(xlsx, bareXlsx), 'reported'],
    [`peak RSS, CSV report of ${count(largeRows)} rows ÷ of ${count(rows)}`, rss(largeCsv, csv), 'at most 1.3'],
    [`peak RSS, XLSX report of ${count(largeRows)} rows ÷ of ${count(rows)}`, rss(largeXlsx, xlsx), 'at most 1.3'],
  ]);
}
