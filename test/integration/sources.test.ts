import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../../src/main/core/config';
import { ImportEngine } from '../../src/main/core/engine';
import { findSource, listSources, saveSource, SourceError } from '../../src/main/core/store/sources';
import { listRowErrors } from '../../src/main/core/store/row-errors';
import { pendingRows } from '../../src/main/core/store/staged-rows';
import { writeCatalogCsv } from '../support/catalog';
import { source } from '../support/profile';
import { engineForEachTest } from '../support/engine';

describe('sources, previews and limits', () => {
  const { dir, engine } = engineForEachTest();

  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir(), name);
    writeFileSync(path, content);
    return path;
  };

  it('stores sources by unique name and refuses one that cannot work, listing every problem', () => {
    const saved = saveSource(engine().db, source({ name: 'Dupont' }));
    expect(findSource(engine().db, 'dupont')).toEqual(saved);
    expect(() => saveSource(engine().db, source({ name: 'DUPONT' }))).toThrow('a source named "Dupont" already exists');
    const renamed = saveSource(engine().db, { ...source({ name: 'Dupont SA' }) }, saved.id);
    expect(listSources(engine().db).map((s) => [s.id, s.name])).toEqual([[saved.id, 'Dupont SA']]);
    expect(renamed.id).toBe(saved.id);
    const broken = source({
      name: 'Broken',
      wholesalerId: ' ',
      columns: [
        { column: 'Code', field: 'entity_code', type: 'integer', required: true },
        { column: 'Name', field: 'import.name', type: 'string', required: false },
        { column: 'N A M E', field: 'x', type: 'string', required: false },
        { column: 'Size', field: 'a..b', type: 'string', required: false },
      ],
      limits: { ...source().limits, maxBatchSize: 100, warnBatchSize: 500 },
    });
    expect(() => saveSource(engine().db, broken)).toThrow(SourceError);
    expect(() => saveSource(engine().db, broken)).toThrow(
      'Source "Broken": the wholesaler ID is empty; column "Code": entity_code is a code and must be typed string; ' +
        'column "Name": "import" is a field the app writes itself; the columns "Name" and "N A M E" are the same column; ' +
        'column "Size": "a..b" is not a valid field path (parts separated by dots, none empty or starting with $); ' +
        'the warning size (500) is above the maximum batch size (100)',
    );
  });

  it('previews a CSV: format, mapping, the first 50 rows mapped and the errors among them, staging nothing', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i === 3 ? '' : `A-${i}`};Item ${i};${i},5;rot`);
    const path = file('prices.csv', ['Artikelnummer;Bezeichnung;Preis;Farbe', ...rows].join('\n'));
    const preview = await engine().preview(path, source({ decimalSeparator: ',' }));
    expect(preview).toMatchObject({
      fileName: 'prices.csv',
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      header: ['Artikelnummer', 'Bezeichnung', 'Preis', 'Farbe'],
      unmapped: [],
      problem: null,
      earlierImport: null,
    });
    expect(preview.columns.map((c) => [c.column, c.field, c.type, c.by])).toEqual([
      ['Artikelnummer', 'entity_code', 'string', 'synonym'],
      ['Bezeichnung', 'name', 'string', 'synonym'],
      ['Preis', 'price', 'number', 'synonym'],
      ['Farbe', 'Farbe', 'string', 'name'],
    ]);
    expect(preview.rows).toHaveLength(49);
    expect(preview.rows[0]).toEqual({
      rowNo: 2,
      document: { entity_code: 'A-0', name: 'Item 0', price: 0.5, Farbe: 'rot', wholesaler_id: 'W-1' },
    });
    expect(preview.errors).toEqual([
      expect.objectContaining({ rowNo: 5, column: 'Artikelnummer', message: 'entity_code is empty' }),
    ]);
    expect(engine().listJobs()).toEqual([]);
  });

  it('previews an XLSX sheet and a JSON envelope, and says why a file cannot be imported', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['not this one']);
    const sheet = workbook.addWorksheet('Items');
    sheet.addRow(['SKU', 'EAN', 'Launch']);
    sheet.addRow(['00123', 4006381333931, new Date(Date.UTC(2024, 2, 31))]);
    const xlsx = join(dir(), 'items.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const fromSheet = await engine().preview(
      xlsx,
      source({ sheet: 'Items', columns: [{ column: 'Launch', field: 'launch', type: 'date', required: false }] }),
    );
    expect(fromSheet).toMatchObject({ format: 'xlsx', sheet: 'Items', header: ['SKU', 'EAN', 'Launch'], errors: [] });
    expect(fromSheet.rows).toEqual([
      {
        rowNo: 2,
        document: {
          entity_code: '00123',
          ean: '4006381333931',
          launch: { $date: '2024-03-31T00:00:00.000Z' },
          wholesaler_id: 'W-1',
        },
      },
    ]);

    const envelope = file(
      'batch.json',
      JSON.stringify({
        batch_id: 'B',
        batch_part: 1,
        batch_total_parts: 1,
        items: [{ entity_code: 'J1', n: 1 }, { n: 2 }],
      }),
    );
    const fromJson = await engine().preview(envelope, source());
    expect(fromJson).toMatchObject({ format: 'json', header: [], columns: [], problem: null });
    expect(fromJson.rows).toEqual([{ rowNo: 1, document: { entity_code: 'J1', n: 1, wholesaler_id: 'W-1' } }]);
    expect(fromJson.errors.map((e) => e.message)).toEqual(['entity_code is missing']);

    const headerless = await engine().preview(file('none.csv', 'name,colour\nSaw,red\n'), source());
    expect(headerless.problem).toBe(
      'none.csv: row 1: no column gives the entity_code (found: name, colour); name one "entity_code" or "SKU", or map one in the source',
    );
  });

  it('flags a file imported before for the same source, naming the earlier job, and not for another source', async () => {
    const path = file('same.csv', 'sku,name\nA,Saw\n');
    const first = engine().createJob(path, source());
    expect(await engine().earlierImport(path, source())).toBeNull();
    await engine().stage(first.id);
    expect((await engine().preview(path, source())).earlierImport).toMatchObject({
      id: first.id,
      fileName: 'same.csv',
    });
    expect(await engine().earlierImport(file('copy.csv', 'sku,name\nA,Saw\n'), source())).toMatchObject({
      id: first.id,
    });
    expect(await engine().earlierImport(path, source({ wholesalerId: 'OTHER' }))).toBeNull();
    expect(await engine().earlierImport(file('changed.csv', 'sku,name\nA,Hammer\n'), source())).toBeNull();
  });

  it('rejects a file over max_batch_size as soon as it passes it, leaving nothing staged', async () => {
    const path = join(dir(), 'big.csv');
    await writeCatalogCsv(path, 5000);
    const job = engine().createJob(
      path,
      source({ limits: { ...source().limits, maxBatchSize: 1000, oversize: 'reject' } }),
    );
    const failed = await engine().stage(job.id);
    expect(failed).toMatchObject({ state: 'failed', rowsParsed: 0, rowsStaged: 0 });
    expect(failed.message).toContain(
      'big.csv: more than 1,000 rows, the most source "test source" accepts in one file',
    );
    expect(engine().db.prepare('SELECT count(*) AS n FROM staged_rows').get()).toEqual({ n: 0 });
  });

  it('accepts a large file whole under the accept policy, with the warning alert', async () => {
    const path = join(dir(), 'big.csv');
    await writeCatalogCsv(path, 3000);
    const limits = { ...source().limits, maxBatchSize: 1000, warnBatchSize: 500, oversize: 'accept' as const };
    const staged = await engine().stage(engine().createJob(path, source({ limits })).id);
    expect(staged).toMatchObject({ state: 'staged', rowsStaged: 3000, batchId: null });
    expect(staged.alert).toBe('Large batch: 3,000 rows, above the warning size of 500 for source "test source"');
  });

  it('splits on the data row count, error rows included, so no part passes the limit', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => (i % 4 === 0 ? `,bad ${i}` : `A${i},ok`));
    const path = file('parts.csv', ['entity_code,name', ...lines].join('\n'));
    const limits = { ...source().limits, maxBatchSize: 10, oversize: 'split' as const };
    const first = await engine().stage(engine().createJob(path, source({ limits })).id);
    const parts = engine().listBatch(first.batchId ?? '');
    expect(parts.map((p) => [p.batchPart, p.batchTotalParts, p.rowsParsed, p.rowsStaged, p.rowsFailed])).toEqual([
      [1, 3, 10, 7, 3],
      [2, 3, 10, 8, 2],
      [3, 3, 5, 3, 2],
    ]);
    expect(pendingRows(engine().db, parts[2]?.id ?? '', 10).map((r) => r.rowNo)).toEqual([23, 24, 25]);
    expect(listRowErrors(engine().db, parts[2]?.id ?? '').map((e) => e.rowNo)).toEqual([22, 26]);
  });

  it('stops the whole file when a part it started is cancelled while it is read, leaving no part behind', async () => {
    const path = join(dir(), 'parts.csv');
    await writeCatalogCsv(path, 200_000);
    const limits = { ...source().limits, maxBatchSize: 1000, oversize: 'split' as const };
    const file = engine().createJob(path, source({ limits }));
    const staging = engine().stage(file.id);
    await expect.poll(() => engine().listJobs().length, { timeout: 20_000, interval: 20 }).toBeGreaterThan(2);
    const part = engine()
      .listJobs()
      .find((job) => job.batchPart === 2);
    engine().cancel(part?.id ?? '');
    expect(await staging).toMatchObject({ id: file.id, state: 'cancelled', batchId: null, rowsStaged: 0 });
    expect(
      engine()
        .listJobs()
        .map((job) => job.id),
    ).toEqual([file.id]);
    expect(engine().db.prepare('SELECT count(*) AS n FROM staged_rows').get()).toEqual({ n: 0 });
  });

  it('tries an unreachable server once for a split file: every part waits, none times out again', async () => {
    const path = join(dir(), 'offline.csv');
    await writeCatalogCsv(path, 3000);
    // No retries: one server-selection timeout (5 s) for the whole file, not one a part.
    const limits = { ...source().limits, maxBatchSize: 1000, oversize: 'split' as const, retries: 0 };
    const started = Date.now();
    const first = await engine().runJob(engine().createJob(path, source({ limits })).id, 'mongodb://127.0.0.1:1/');
    expect(Date.now() - started).toBeLessThan(9000);
    const parts = engine().listBatch(first.batchId ?? '');
    expect(parts.map((p) => [p.batchPart, p.state, p.rowsStaged])).toEqual([
      [1, 'waiting', 1000],
      [2, 'waiting', 1000],
      [3, 'waiting', 1000],
    ]);
    expect(parts[0]?.message).toContain('MongoDB at 127.0.0.1:1 is unreachable');
  });

  it('leaves a part cancelled while the parts before it are sent', async () => {
    const path = join(dir(), 'offline.csv');
    await writeCatalogCsv(path, 3000);
    const limits = { ...source().limits, maxBatchSize: 1000, oversize: 'split' as const };
    const file = engine().createJob(path, source({ limits }));
    const stop = engine().onJob((job) => {
      if (job.batchPart !== 1 || job.state !== 'syncing' || !job.batchId) return;
      stop();
      const third = engine()
        .listBatch(job.batchId)
        .find((part) => part.batchPart === 3);
      engine().cancel(third?.id ?? '');
    });
    const first = await engine().runJob(file.id, 'mongodb://127.0.0.1:1/');
    expect(
      engine()
        .listBatch(first.batchId ?? '')
        .map((p) => p.state),
    ).toEqual(['waiting', 'waiting', 'cancelled']);
  });

  it('fails a step that runs past timeout_minutes, keeping nothing staged', async () => {
    const path = join(dir(), 'slow.csv');
    await writeCatalogCsv(path, 200_000);
    const limits = { ...source().limits, timeoutMinutes: 0.005, oversize: 'accept' as const };
    const started = Date.now();
    const failed = await engine().stage(engine().createJob(path, source({ limits })).id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(
      /^Stopped: the job ran longer than its 0.005-minute limit \(timeout_minutes of source "test source"/,
    );
    expect(engine().db.prepare("SELECT count(*) AS n FROM staged_rows WHERE status = 'staged'").get()).toEqual({
      n: 0,
    });
  });

  it('uses the environment default limits where a source leaves them unset', () => {
    const tuned = ImportEngine.open(
      join(dir(), 'tuned'),
      engineConfig({ IMPORT_CHUNK_SIZE: '250', IMPORT_OVERSIZE_POLICY: 'reject' }),
    );
    try {
      expect(tuned.profileFor(source()).limits).toEqual({
        maxBatchSize: 10_000,
        warnBatchSize: 5_000,
        chunkSize: 250,
        timeoutMinutes: 60,
        oversize: 'reject',
        concurrency: 16,
        rateLimitMax: 30,
        rateLimitDurationMs: 60_000,
        retries: 5,
      });
      expect(
        tuned.profileFor(source({ limits: { ...source().limits, chunkSize: 40, oversize: 'split' } })).limits,
      ).toMatchObject({
        chunkSize: 40,
        oversize: 'split',
      });
    } finally {
      void tuned.close();
    }
  });
});
