import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { catalogRow, writeCatalogCsv, type CatalogRow } from '../support/catalog';
import { printRatios, printTable, runCli, speedRatio, stageArgs, timed, type Measure } from './measure';
import { hostileXlsxBench, xlsxBench } from './xlsx';

/** A catalog row of about 1.5 KB, the size the ingestion issue measures with. */
function wideRow(i: number): CatalogRow {
  const row = catalogRow(i);
  const words = ['robust', 'cordless', 'brushless', 'compact', 'ergonomic', 'professional', 'battery', 'torque'];
  const text = Array.from({ length: 170 }, (_, w) => words[(i + w) % words.length]).join(' ');
  return { ...row, description: `${row.description}. ${text}`.slice(0, 1350) };
}

/**
 * Staging (parse, map, validate, hash, SQLite) against bare parser passes, and memory as files grow.
 * `xlsx` runs the XLSX rows alone.
 */
export async function stagingBench(dir: string, rows: number, largeRows: number, part: 'all' | 'xlsx'): Promise<void> {
  const title = `Staging: ${rows.toLocaleString('en-US')}-row files, CSV rows of about 1.5 KB`;
  const xlsxRatio = (stageXlsx: Measure, bareXlsx: Measure): [string, number, string] => [
    'XLSX staging rows/s ÷ bare exceljs rows/s',
    speedRatio(stageXlsx, bareXlsx),
    'at least 0.6',
  ];
  if (part === 'xlsx') {
    const { bareXlsx, stageXlsx } = await xlsxBench(dir, rows);
    printTable(title, [bareXlsx, stageXlsx]);
    printRatios([xlsxRatio(stageXlsx, bareXlsx)]);
    await hostileXlsxBench(dir, largeRows);
    return;
  }

  const csv = join(dir, 'wide.csv');
  await writeCatalogCsv(csv, rows, wideRow);
  const bareCsv = await timed('bare csv-parse pass (baseline)', rows, async () => {
    let n = 0;
    for await (const record of createReadStream(csv).pipe(parse({ columns: true }))) if (record) n++;
    if (n !== rows) throw new Error(`csv-parse read ${n} rows`);
  });
  const stageCsv = await runCli('staging a CSV (worker, SQLite)', rows, stageArgs(csv, dir, 'q-csv'));

  const { bareXlsx, stageXlsx } = await xlsxBench(dir, rows);

  const large = join(dir, 'wide-large.csv');
  await writeCatalogCsv(large, largeRows, wideRow);
  const stageLarge = await runCli('staging a large CSV', largeRows, stageArgs(large, dir, 'q-large'));

  printTable(title, [bareCsv, stageCsv, bareXlsx, stageXlsx, stageLarge]);
  printRatios([
    ['CSV staging rows/s ÷ bare csv-parse rows/s', speedRatio(stageCsv, bareCsv), 'at least 0.5'],
    xlsxRatio(stageXlsx, bareXlsx),
    [
      `peak RSS staging ${largeRows.toLocaleString('en-US')} rows ÷ ${rows.toLocaleString('en-US')} rows`,
      (stageLarge.peakRssMb ?? 0) / (stageCsv.peakRssMb ?? 1),
      'at most 1.3 (and under 300 MB)',
    ],
  ]);
  await hostileXlsxBench(dir, largeRows);
}
