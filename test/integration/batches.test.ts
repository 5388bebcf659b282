import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, inject, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { engineConfig } from '../../src/main/core/config';
import { readRecords } from '../../src/main/core/ingest/read-file';
import { exportErrors } from '../../src/main/core/report/export-errors';
import { batchView, listBatchViews, scopeJobIds } from '../../src/main/core/store/batches';
import { listRowErrors, queryErrors, summarizeErrors } from '../../src/main/core/store/row-errors';
import { ALL_ERRORS, type BatchView, type ErrorScope, type JobView } from '../../src/preload/contract';
import { CATALOG_COLUMNS, catalogRow, writeCatalogCsv, type CatalogRow } from '../support/catalog';
import { source } from '../support/profile';
import { engineForEachTest } from '../support/engine';
import { mongoForSuite } from '../support/mongo';
import { uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');
const target = (label: string) => ({ wholesalerId: 'W-7', database: uniqueDbName(label), collection: 'products' });

/** Rows 1..n of the catalog starting at `from`, every `badEvery`-th with a price that is not a number. */
const withBadPrices =
  (from: number, bad: readonly number[]) =>
  (i: number): CatalogRow => ({
    ...catalogRow(from + i),
    price: bad.includes(i) ? 'n/a' : catalogRow(from + i).price,
  });

const parts = (batch: BatchView | undefined) =>
  batch?.parts.map((p) => [p.part, p.fileName, p.state, p.rowsParsed, p.rowsWritten, p.rowsFailed, p.resends]);

async function readBack(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const item of readRecords(file, { encoding: null, delimiter: null, sheet: null })) {
    if (item.ok && 'record' in item) rows.push(item.record.fields);
  }
  return rows;
}

describe('upload batches and their error rows', () => {
  const { dir, engine } = engineForEachTest();
  const client = mongoForSuite();

  it('groups parts by file name, lists the missing part, and completes when it arrives', async () => {
    const to = target('byname');
    const file = (n: number) => join(dir(), `catalog_part${n}of3.csv`);
    for (const n of [1, 3]) await writeCatalogCsv(file(n), 100, withBadPrices(n * 1000, n === 3 ? [5, 50] : []));
    for (const n of [1, 3]) await engine().runJob(engine().createJob(file(n), to).id, mongoUri);

    const incomplete = batchView(engine().db, 'catalog_part*of3');
    expect(incomplete).toMatchObject({ origin: 'file_name', totalParts: 3, missingParts: [2], state: 'incomplete' });
    expect(parts(incomplete)).toEqual([
      [1, 'catalog_part1of3.csv', 'completed', 100, 100, 0, 0],
      [3, 'catalog_part3of3.csv', 'completed_with_errors', 100, 98, 2, 0],
    ]);
    expect(incomplete?.problems).toEqual([]);

    await writeCatalogCsv(file(2), 100, withBadPrices(2000, []));
    await engine().runJob(engine().createJob(file(2), to).id, mongoUri);
    const whole = batchView(engine().db, 'catalog_part*of3');
    expect(whole).toMatchObject({ missingParts: [], state: 'partial_success', rowsWritten: 298, rowsFailed: 2 });
    expect(await client().db(to.database).collection(to.collection).countDocuments()).toBe(298);
  });

  it('reads batch fields from JSON envelopes and reports totals that do not add up', async () => {
    const to = target('envelope');
    const envelope = (name: string, fields: Record<string, unknown>, items: number, from: number) => {
      const path = join(dir(), name);
      const rows = Array.from({ length: items }, (_, i) => ({
        entity_code: `J-${from + i}`,
        name: `Item ${from + i}`,
      }));
      // Batch fields after the items too: the envelope is read to its end either way.
      writeFileSync(path, JSON.stringify({ batch_id: 'B-42', batch_part: fields.batch_part, items: rows, ...fields }));
      return path;
    };
    const files = [
      envelope('a.json', { batch_part: 1, batch_total_parts: 2, batch_total_items: 10 }, 4, 0),
      envelope('b.json', { batch_part: 2, batch_total_parts: 3, batch_total_items: 10 }, 5, 100),
      envelope('c.json', { batch_part: 4, batch_total_parts: 3 }, 1, 200),
    ];
    for (const path of files) await engine().runJob(engine().createJob(path, to).id, mongoUri);
    const batch = batchView(engine().db, 'B-42');
    expect(batch).toMatchObject({ origin: 'envelope', totalParts: 3, totalItems: 10, missingParts: [3] });
    expect(parts(batch)?.map(([part, name]) => [part, name])).toEqual([
      [1, 'a.json'],
      [2, 'b.json'],
      [4, 'c.json'],
    ]);
    expect(batch?.problems).toEqual([
      'The parts disagree on the number of parts: part 1 says 2, part 2 says 3, part 4 says 3',
      "Part 4 (c.json) is above the batch's 3 parts",
    ]);

    // With every part there, the items are counted against what the envelope declared.
    await engine().runJob(
      engine().createJob(envelope('d.json', { batch_part: 3, batch_total_parts: 3 }, 2, 300), to).id,
      mongoUri,
    );
    expect(batchView(engine().db, 'B-42')?.problems).toContain('The parts hold 12 items; the batch says 10');
  });

  it('takes a batch given at import over the file name, and marks a part sent again as a re-send', async () => {
    const to = target('user');
    const first = join(dir(), 'catalog_part1of9.csv');
    const again = join(dir(), 'catalog-fixed.csv');
    await writeCatalogCsv(first, 20);
    await writeCatalogCsv(again, 20, (i) => ({ ...catalogRow(i), name: `Renamed ${i}` }));
    const given = { batchId: 'SPRING', part: 1, totalParts: 2, totalItems: null };
    await engine().runJob(engine().createJob(first, to, given).id, mongoUri);
    const resent = await engine().runJob(engine().createJob(again, to, given).id, mongoUri);
    const batch = batchView(engine().db, 'SPRING');
    expect(batch).toMatchObject({ origin: 'user', missingParts: [2], state: 'incomplete' });
    expect(parts(batch)).toEqual([[1, 'catalog-fixed.csv', 'completed', 20, 20, 0, 1]]);
    expect(batch?.parts[0]?.jobs[0]?.id).toBe(resent.id);
    expect(batchView(engine().db, 'catalog_part*of9')).toBeUndefined();
  });

  it('forms implicit batches of one source within the time window', async () => {
    const to = target('implicit');
    const paths = ['monday.csv', 'tuesday.csv', 'later.csv'].map((name) => join(dir(), name));
    for (const [i, path] of paths.entries()) await writeCatalogCsv(path, 5, (n) => catalogRow(i * 10 + n));
    const windowed = ImportEngine.open(join(dir(), 'windowed'), { ...engineConfig(), batchWindowMs: 300 });
    try {
      const a = windowed.createJob(paths[0] as string, to);
      const b = windowed.createJob(paths[1] as string, to);
      const other = windowed.createJob(paths[1] as string, { ...to, collection: 'elsewhere' });
      await new Promise((r) => setTimeout(r, 400));
      const c = windowed.createJob(paths[2] as string, to);
      expect(a.upload).toMatchObject({ origin: 'implicit', part: 1, totalParts: null });
      expect(b.upload).toMatchObject({ batchId: a.upload?.batchId, part: 2 });
      expect(other.upload?.batchId).not.toBe(a.upload?.batchId);
      expect(c.upload).toMatchObject({ part: 1 });
      expect(c.upload?.batchId).not.toBe(a.upload?.batchId);
      await Promise.all([a, b, c, other].map((job) => windowed.runJob(job.id, mongoUri)));
      const batch = batchView(windowed.db, a.upload?.batchId ?? '');
      expect(batch).toMatchObject({ origin: 'implicit', totalParts: null, missingParts: [], state: 'complete' });
      expect(parts(batch)?.map(([part, name]) => [part, name])).toEqual([
        [1, 'monday.csv'],
        [2, 'tuesday.csv'],
      ]);
      expect(listBatchViews(windowed.db)).toHaveLength(3);
    } finally {
      await windowed.close();
    }
  });

  it('exports exactly the failed rows with their own columns; the fixed file is a retry whose rows count as recovered', async () => {
    const to = target('roundtrip');
    const hostile = '=HYPERLINK("http://evil.example","x")';
    const row = (from: number) => (i: number) => ({
      ...withBadPrices(from, [3, 7, 11])(i),
      ...(i === 7 && { name: hostile }),
      ...(i === 11 && { description: '-5 days, +1 @home' }),
    });
    for (const n of [1, 3]) await writeCatalogCsv(join(dir(), `spring-part-0${n}-of-03.csv`), 40, row(n * 100));
    for (const n of [1, 3]) {
      await engine().runJob(engine().createJob(join(dir(), `spring-part-0${n}-of-03.csv`), to).id, mongoUri);
    }
    const scope: ErrorScope = { kind: 'batch', id: 'spring-part-*-of-3' };
    const jobIds = scopeJobIds(engine().db, scope);
    const summary = summarizeErrors(engine().db, jobIds, ALL_ERRORS);
    expect(summary).toEqual({
      total: 6,
      groups: [
        {
          group: "price: … is not a number (read with decimal separator '.', as in 1,234.56)",
          stage: 'validate',
          count: 6,
        },
      ],
      columns: ['price'],
    });
    const page = queryErrors(engine().db, jobIds, { ...ALL_ERRORS, text: 'SKU-0000307' }, 0, 10);
    expect(page.total).toBe(1);
    expect(page.rows[0]).toMatchObject({
      rowNo: 8,
      column: 'price',
      value: 'n/a',
      fileName: 'spring-part-03-of-03.csv',
    });

    const csv = join(dir(), 'errors.csv');
    const xlsx = join(dir(), 'errors.xlsx');
    expect(await exportErrors(engine().db, jobIds, ALL_ERRORS, 'csv', csv)).toBe(6);
    expect(await exportErrors(engine().db, jobIds, ALL_ERRORS, 'xlsx', xlsx)).toBe(6);
    expect(readFileSync(csv).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const expected: unknown[][] = [103, 107, 111, 303, 307, 311].map((n) => {
      const i = n % 100;
      const cells = row(n - i)(i);
      const safe = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);
      return [
        ...CATALOG_COLUMNS.map((c) => safe(cells[c])),
        'validate',
        'price',
        expect.stringContaining('"n/a" is not a number') as unknown,
      ];
    });
    const [csvHeader, ...csvRows] = await readBack(csv);
    expect(csvHeader).toEqual([...CATALOG_COLUMNS, 'error_stage', 'error_column', 'error_message']);
    expect(csvRows).toEqual(expected);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.worksheets[0];
    const xlsxRows: unknown[][] = [];
    sheet?.eachRow((r) => {
      xlsxRows.push((r.values as unknown[]).slice(1));
    });
    expect(xlsxRows.slice(1)).toEqual(expected);
    // Text cells only: nothing in the workbook is a formula.
    sheet?.eachRow((r) => {
      r.eachCell((cell) => {
        expect(cell.type).toBe(ExcelJS.ValueType.String);
      });
    });

    // Fix the prices in the exported file and import it again, error columns and all.
    const fixed = join(dir(), 'errors-fixed.csv');
    writeFileSync(fixed, readFileSync(csv, 'utf8').replace(/,n\/a,/g, ',12.50,'));
    const retry = await engine().runJob(engine().createJob(fixed, to).id, mongoUri);
    expect(retry).toMatchObject({ state: 'completed', rowsWritten: 6, upload: null });
    const parent = batchView(engine().db, scope.id)?.parts.find((p) => p.part === 3)?.jobs[0];
    expect(retry.parentJobId).toBe(parent?.id);

    const batch = batchView(engine().db, scope.id);
    expect(batch).toMatchObject({ rowsFailed: 6, rowsRecovered: 6 });
    expect(batch?.parts.map((p) => p.rowsRecovered)).toEqual([3, 3]);
    expect(batch?.retries.map((r) => r.id)).toEqual([retry.id]);
    expect(summarizeErrors(engine().db, jobIds, ALL_ERRORS).total).toBe(0);

    // The neutralised cells came back as the file had them, and the price as a number.
    const products = client().db(to.database).collection(to.collection);
    expect(await products.findOne({ entity_code: 'SKU-0000107' })).toMatchObject({ name: hostile, price: 12.5 });
    expect(await products.findOne({ entity_code: 'SKU-0000311' })).toMatchObject({ description: '-5 days, +1 @home' });
    expect(await products.countDocuments()).toBe(80);
  });

  it('gives a row MongoDB refused its cells from the file, so the export has them too', async () => {
    const to = target('refused');
    await client()
      .db(to.database)
      .collection(to.collection)
      .createIndexes([{ key: { ean: 1 }, unique: true, name: 'ean_unique' }]);
    const file = join(dir(), 'dupes.csv');
    await writeCatalogCsv(file, 30, (i) => ({ ...catalogRow(i), ean: catalogRow(i === 20 ? 10 : i).ean }));
    const job = await engine().runJob(engine().createJob(file, to).id, mongoUri);
    expect(job).toMatchObject({ state: 'completed_with_errors', rowsWritten: 29, rowsFailed: 1 });
    const [error] = listRowErrors(engine().db, job.id);
    const cells = CATALOG_COLUMNS.map((c) => (c === 'ean' ? catalogRow(10).ean : catalogRow(20)[c]));
    expect(error).toMatchObject({ rowNo: 21, lineNo: 21, stage: 'write', fields: cells, entityCode: 'SKU-0000020' });
    expect(error?.raw).toContain('SKU-0000020,"Cordless drill 20');
    const out = join(dir(), 'refused.csv');
    await exportErrors(engine().db, scopeJobIds(engine().db, { kind: 'job', id: job.id }), ALL_ERRORS, 'csv', out);
    expect((await readBack(out))[1]?.slice(0, CATALOG_COLUMNS.length)).toEqual(cells);
  });

  it('keeps one batch per target and per upload for the same file names, and takes a file sent twice in a window as a re-send', async () => {
    const [a, b] = [target('wa'), { ...target('wb'), wholesalerId: 'W-8' }];
    const part1 = join(dir(), 'catalog_part1of2.csv');
    await writeCatalogCsv(part1, 10);
    await engine().runJob(engine().createJob(part1, a).id, mongoUri);
    const other = await engine().runJob(engine().createJob(part1, b).id, mongoUri);
    const own = `catalog_part*of2 (W-8 ${b.database}.products, `;
    expect(other.upload?.batchId).toBe(`${own}${other.createdAt.slice(0, 10)})`);
    // W-8's part 2, sent another day, joins W-8's own batch.
    engine().db.prepare('UPDATE jobs SET created_at = ? WHERE id = ?').run('2026-01-01T00:00:00.000Z', other.id);
    const part2 = join(dir(), 'catalog_part2of2.csv');
    await writeCatalogCsv(part2, 10, (i) => catalogRow(100 + i));
    expect((await engine().runJob(engine().createJob(part2, b).id, mongoUri)).upload?.batchId).toBe(
      other.upload?.batchId,
    );
    expect(batchView(engine().db, 'catalog_part*of2')?.parts.map((p) => p.resends)).toEqual([0]);

    // A month later the same names are a new upload, not re-sends of the old parts.
    engine().db.prepare("UPDATE jobs SET created_at = '2026-01-01T00:00:00.000Z'").run();
    const later = await engine().runJob(engine().createJob(part1, a).id, mongoUri);
    expect(later.upload?.batchId).not.toBe('catalog_part*of2');
    expect(batchView(engine().db, later.upload?.batchId ?? '')).toMatchObject({ missingParts: [2] });

    const plain = join(dir(), 'plain.csv');
    await writeCatalogCsv(plain, 10);
    const first = await engine().runJob(engine().createJob(plain, a).id, mongoUri);
    const again = await engine().runJob(engine().createJob(plain, a).id, mongoUri);
    expect(again.upload).toMatchObject({ batchId: first.upload?.batchId, part: 1, origin: 'implicit' });
    expect(batchView(engine().db, first.upload?.batchId ?? '')?.parts.map((p) => [p.part, p.resends])).toEqual([
      [1, 1],
    ]);
  });

  it('follows a retry of a retry back to the first job: rows failed again show the newest message, and are recovered there', async () => {
    const to = target('chain');
    const original = join(dir(), 'catalog_part1of1.csv');
    await writeCatalogCsv(original, 30, withBadPrices(0, [2, 4, 6, 8]));
    const parent = await engine().runJob(engine().createJob(original, to).id, mongoUri);
    const scope: ErrorScope = { kind: 'batch', id: 'catalog_part*of1' };
    const report = async (name: string): Promise<string> => {
      const out = join(dir(), name);
      await exportErrors(engine().db, scopeJobIds(engine().db, scope), ALL_ERRORS, 'csv', out);
      return readFileSync(out, 'utf8');
    };

    // The first fix gets two prices right and two wrong again ("n/a" becomes "tbd").
    const first = await report('r1.csv');
    const half = first.replace(/(SKU-000000[26],.*?),n\/a,/g, '$1,9.90,').replace(/,n\/a,/g, ',tbd,');
    writeFileSync(join(dir(), 'fix1.csv'), half);
    const retry1 = await engine().runJob(engine().createJob(join(dir(), 'fix1.csv'), to).id, mongoUri);
    expect(retry1).toMatchObject({ parentJobId: parent.id, rowsWritten: 2, rowsFailed: 2 });
    const outstanding = queryErrors(engine().db, scopeJobIds(engine().db, scope), ALL_ERRORS, 0, 10).rows;
    expect(outstanding.map((e) => [e.entityCode, e.value, e.jobId])).toEqual([
      ['SKU-0000004', 'tbd', retry1.id],
      ['SKU-0000008', 'tbd', retry1.id],
    ]);
    expect(batchView(engine().db, scope.id)).toMatchObject({
      rowsFailed: 4,
      rowsRecovered: 2,
      state: 'partial_success',
    });
    // The parent job's own list shows them too, as the retry failed them.
    const jobScope = scopeJobIds(engine().db, { kind: 'job', id: parent.id });
    expect(queryErrors(engine().db, jobScope, ALL_ERRORS, 0, 10).rows.map((e) => e.value)).toEqual(['tbd', 'tbd']);

    const second = await report('r2.csv');
    writeFileSync(join(dir(), 'fix2.csv'), second.replace(/,tbd,/g, ',19.90,'));
    const retry2 = await engine().runJob(engine().createJob(join(dir(), 'fix2.csv'), to).id, mongoUri);
    expect(retry2).toMatchObject({ parentJobId: parent.id, rowsWritten: 2, rowsFailed: 0 });
    expect(batchView(engine().db, scope.id)).toMatchObject({ rowsRecovered: 4, state: 'complete' });
    expect(summarizeErrors(engine().db, scopeJobIds(engine().db, scope), ALL_ERRORS).total).toBe(0);
    const products = client().db(to.database).collection(to.collection);
    expect(await products.countDocuments({ price: { $in: [9.9, 19.9] } })).toBe(4);
  });

  it('writes a report the way its source reads files, so it imports back under a Windows-1252 semicolon source', async () => {
    const to = target('layout');
    const semicolons = source({ ...to, name: 'semi', delimiter: ';', encoding: 'windows-1252', decimalSeparator: ',' });
    const file = join(dir(), 'preise.csv');
    writeFileSync(
      file,
      Buffer.from(
        'SKU;Preis;Name\r\nA-1;1,50;Hammer\r\nA-2;viel;Säge\r\nA-3;-2,50;=Zange\r\nA-4;teuer;Bohrer\r\n',
        'latin1',
      ),
    );
    const job = await engine().runJob(engine().createJob(file, semicolons).id, mongoUri);
    // Rows that failed validation need a corrected file: there is nothing to send again as they are.
    expect(job).toMatchObject({ rowsWritten: 2, rowsFailed: 2, rowsRetryable: 0 });
    const out = join(dir(), 'preise-errors.csv');
    await exportErrors(engine().db, scopeJobIds(engine().db, { kind: 'job', id: job.id }), ALL_ERRORS, 'csv', out);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFFSKU;Preis;Name;error_stage;error_column;error_message');
    writeFileSync(out, text.replace(';viel;', ';3,00;').replace(';teuer;', ';4,00;'));
    const retry = await engine().runJob(engine().createJob(out, semicolons).id, mongoUri);
    expect(retry).toMatchObject({ parentJobId: job.id, rowsWritten: 2, rowsFailed: 0 });
    const products = client().db(to.database).collection(to.collection);
    expect(await products.findOne({ entity_code: 'A-2' })).toMatchObject({ name: 'Säge', price: 3 });
  });

  it('tells the app at once that a row a retry import failed again is no longer one to send from the old job', async () => {
    const to = target('supersede');
    await client()
      .db(to.database)
      .collection(to.collection)
      .createIndexes([{ key: { ean: 1 }, unique: true, name: 'ean' }]);
    const file = join(dir(), 'eans.csv');
    await writeCatalogCsv(file, 30, (i) => ({ ...catalogRow(i), ean: catalogRow(i === 20 ? 10 : i).ean }));
    const job = await engine().runJob(engine().createJob(file, to).id, mongoUri);
    expect(job).toMatchObject({ rowsFailed: 1, rowsRetryable: 1 });
    const seen: JobView[] = [];
    engine().onJob((event) => {
      if (event.id === job.id) seen.push(event);
    });
    // The report imported unfixed: its one row clashes again, and is the row to fix now.
    const out = join(dir(), 'eans-errors.csv');
    await exportErrors(engine().db, scopeJobIds(engine().db, { kind: 'job', id: job.id }), ALL_ERRORS, 'csv', out);
    const retry = await engine().runJob(engine().createJob(out, to).id, mongoUri);
    expect(retry).toMatchObject({ parentJobId: job.id, rowsFailed: 1 });
    expect(seen.at(-1)).toMatchObject({ rowsFailed: 1, rowsRecovered: 0, rowsRetryable: 0 });
  });

  it('leaves out of a "retry failed rows" the refused rows a retry import has since recovered', async () => {
    const to = target('requeue');
    await client()
      .db(to.database)
      .collection(to.collection)
      .createIndexes([{ key: { ean: 1 }, unique: true, name: 'ean' }]);
    const file = join(dir(), 'eans.csv');
    const clash = (i: number) => ({ ...catalogRow(i), ean: catalogRow(i === 20 ? 10 : i).ean });
    await writeCatalogCsv(file, 30, clash);
    const job = await engine().runJob(engine().createJob(file, to).id, mongoUri);
    expect(job).toMatchObject({ rowsFailed: 1, rowsRetryable: 1 });
    const out = join(dir(), 'eans-errors.csv');
    await exportErrors(engine().db, scopeJobIds(engine().db, { kind: 'job', id: job.id }), ALL_ERRORS, 'csv', out);
    writeFileSync(out, readFileSync(out, 'utf8').replace(catalogRow(10).ean, catalogRow(20).ean));
    expect(await engine().runJob(engine().createJob(out, to).id, mongoUri)).toMatchObject({ parentJobId: job.id });
    // The row the retry import recovered is no longer one to send again.
    expect(
      engine()
        .listJobs()
        .find((j) => j.id === job.id),
    ).toMatchObject({ rowsRecovered: 1, rowsRetryable: 0 });

    const retried = await engine().retryFailedRows(job.id, mongoUri);
    expect(retried).toMatchObject({ rowsFailed: 1, rowsRecovered: 1 });
    expect(retried.message).toBe(
      'No rows are left to send again: rows that failed validation need a corrected file, and rows a retry import recovered are in MongoDB already',
    );
    const products = client().db(to.database).collection(to.collection);
    expect(await products.findOne({ entity_code: 'SKU-0000020' })).toMatchObject({
      ean: catalogRow(20).ean,
      version: 1,
    });
  });
});
