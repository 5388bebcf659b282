import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeCatalogXlsx } from '../support/catalog';
import { hostileSharedStrings, widestSheet, xmlBomb, zipBombs } from '../support/hostile-xlsx';
import { printTable, runCli, stageArgs, timed, type Measure } from './measure';

/** Peak resident memory that no workbook, however built, may take the import past. */
const RSS_LIMIT_MB = 512;

/** A bare exceljs streaming pass over a catalog workbook, then staging it through the CLI. */
export async function xlsxBench(dir: string, rows: number): Promise<{ bareXlsx: Measure; stageXlsx: Measure }> {
  const xlsx = join(dir, 'catalog.xlsx');
  await writeCatalogXlsx(xlsx, rows);
  const bareXlsx = await timed('bare exceljs streaming pass (baseline)', rows, async () => {
    let n = 0;
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(xlsx, {})) {
      for await (const row of sheet) if (row.getCell(1).value !== null) n++;
    }
    if (n !== rows + 1) throw new Error(`exceljs read ${n} rows`);
  });
  const stageXlsx = await runCli('staging an XLSX (worker, SQLite)', rows, stageArgs(xlsx, dir, 'q-xlsx'));
  return { bareXlsx, stageXlsx };
}

/** The job's outcome in an import's JSON summary: its state, and its message when it failed. */
function outcome(stdout: string): { state: string; message: string | null; rowsRead: number } {
  return JSON.parse(stdout || '{}') as { state: string; message: string | null; rowsRead: number };
}

/**
 * Peak RSS of the CLI (every thread) staging workbooks built to exhaust memory, and a
 * 1,000,000-row catalog: each must end in success or a clear job error, under RSS_LIMIT_MB.
 */
export async function hostileXlsxBench(dir: string, largeRows: number): Promise<void> {
  const file = (name: string): string => join(dir, name);
  zipBombs(file('zip-bomb.xlsx'), file('zip-liar.xlsx'));
  xmlBomb(file('xml-bomb.xlsx'));
  hostileSharedStrings(file('shared-strings.xlsx'));
  widestSheet(file('widest.xlsx'));
  await writeCatalogXlsx(file('large.xlsx'), largeRows);

  const failed = (expected: RegExp) => (stdout: string) => {
    const { state, message } = outcome(stdout);
    return state === 'failed' && expected.test(message ?? '');
  };
  const cases: [string, string, number, (stdout: string) => boolean, number][] = [
    ['ZIP bomb (256 MB of one byte in 260 KB)', 'zip-bomb.xlsx', 0, failed(/a sign of a ZIP bomb/), 1],
    ['ZIP bomb whose directory lies', 'zip-liar.xlsx', 0, failed(/inflates to more than its ZIP directory says/), 1],
    ['XML bomb (billion laughs)', 'xml-bomb.xlsx', 0, failed(/declares a DOCTYPE/), 1],
    [
      'hostile shared strings (11 MB, 200 strings of 30,000 characters)',
      'shared-strings.xlsx',
      0,
      failed(/characters of text/),
      1,
    ],
    ['16,384 columns, 300 rows', 'widest.xlsx', 299, (out) => outcome(out).rowsRead === 299, 1],
  ];
  const measures: Measure[] = [];
  for (const [step, name, rows, succeeded, exitCode] of cases) {
    measures.push(await runCli(step, rows, stageArgs(file(name), dir, `q-${name}`), succeeded, exitCode));
  }
  measures.push(
    await runCli(
      `catalog of ${largeRows.toLocaleString('en-US')} rows`,
      largeRows,
      stageArgs(file('large.xlsx'), dir, 'q-large-xlsx'),
    ),
  );
  printTable(`Hostile and large workbooks: peak RSS of the import (target: under ${RSS_LIMIT_MB} MB each)`, measures);
  const over = measures.filter((m) => (m.peakRssMb ?? 0) >= RSS_LIMIT_MB);
  if (over.length > 0) throw new Error(`over ${RSS_LIMIT_MB} MB: ${over.map((m) => m.step).join(', ')}`);
}
