import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../../src/main/core/config';
import { ImportEngine } from '../../src/main/core/engine';
import { listRowErrors } from '../../src/main/core/store/row-errors';
import { pendingRows } from '../../src/main/core/store/staged-rows';
import { engineForEachTest } from '../support/engine';
import { TARGET } from '../support/profile';

describe('staging a file in the ingest worker', () => {
  const { dir, engine } = engineForEachTest();

  const stage = (name: string, content: string) => {
    const file = join(dir(), name);
    writeFileSync(file, content);
    const job = engine().createJob(file, { wholesalerId: 'W', database: 'd', collection: 'c' });
    return engine().stage(job.id);
  };

  it('stages good rows and keeps bad ones as error rows with file row, line, column and raw text', async () => {
    const job = await stage('mixed.csv', 'entity_code,name\nA,"multi\nline"\n,orphan\nB,ok,extra\nC,fine\n');
    expect(job).toMatchObject({ state: 'staged', rowsParsed: 4, rowsStaged: 2, rowsFailed: 2 });
    expect(pendingRows(engine().db, job.id, 10).map((r) => [r.rowNo, r.doc])).toEqual([
      [2, { name: 'multi\nline', wholesaler_id: 'W', entity_code: 'A' }],
      [5, { name: 'fine', wholesaler_id: 'W', entity_code: 'C' }],
    ]);
    expect(listRowErrors(engine().db, job.id)).toEqual([
      expect.objectContaining({ rowNo: 3, lineNo: 4, stage: 'validate', column: 'entity_code', raw: ',orphan' }),
      expect.objectContaining({
        rowNo: 4,
        lineNo: 5,
        stage: 'parse',
        message: 'expected 2 columns, found 3',
        raw: 'B,ok,extra',
      }),
    ]);
  });

  it('reads a semicolon file that writes 1.234,56 and 12,50 under the default source, detecting the decimal comma', async () => {
    const price = (i: number) => (i === 0 ? '1.234,56' : i === 1 ? '12,50' : i === 55 ? '12.50' : `${i},99`);
    const rows = Array.from({ length: 60 }, (_, i) => `A-${i};Item ${i};${price(i)}`);
    const file = join(dir(), 'preise.csv');
    writeFileSync(file, ['Artikelnummer;Bezeichnung;Preis', ...rows].join('\n') + '\n');
    expect((await engine().preview(file, TARGET)).decimal).toEqual({
      separator: ',',
      how: 'detected',
      note: 'detected from "1.234,56" in Preis',
    });
    const job = await engine().stage(engine().createJob(file, TARGET).id);
    expect(job).toMatchObject({ state: 'staged', rowsStaged: 59, rowsFailed: 1 });
    const prices = pendingRows(engine().db, job.id, 100).map((r) => r.doc.price);
    expect(prices.slice(0, 3)).toEqual([1234.56, 12.5, 2.99]);
    // A row past the sample that writes the other way is refused, naming the setting that reads it.
    expect(listRowErrors(engine().db, job.id)).toEqual([
      expect.objectContaining({
        rowNo: 57,
        column: 'Preis',
        message: `Preis: "12.50" is not a number read with decimal separator ',' (as in 1.234,56); if the file writes 1,234.56, set the source's decimal separator (decimal_separator) to '.'`,
      }),
    ]);
  });

  it('previews which decimal separator a file is read with when its numbers do not tell', async () => {
    const file = join(dir(), 'thousands.csv');
    writeFileSync(file, 'sku;price\nA;1,234\nB;2,500\n');
    const preview = await engine().preview(file, TARGET);
    expect(preview.decimal).toMatchObject({ separator: '.', how: 'ambiguous' });
    expect(preview.rows.map((r) => r.document.price)).toEqual([1234, 2500]);
    const json = join(dir(), 'items.json');
    writeFileSync(json, '[{"entity_code": "A", "price": 1.5}]');
    expect((await engine().preview(json, TARGET)).decimal).toBeNull();
  });

  it('fails an empty file with a message naming it', async () => {
    expect(await stage('empty.csv', '')).toMatchObject({
      state: 'failed',
      message: 'empty.csv: the file is empty (no header row)',
    });
  });

  it('stages nothing, without error, for a header without rows', async () => {
    expect(await stage('header.csv', 'entity_code,name\n')).toMatchObject({
      state: 'staged',
      rowsStaged: 0,
      rowsFailed: 0,
    });
  });

  it('starts over cleanly when a job is staged again', async () => {
    const job = await stage('again.csv', 'entity_code\nA\nB\n');
    expect(await engine().stage(job.id)).toMatchObject({ state: 'staged', rowsParsed: 2, rowsStaged: 2 });
    expect(pendingRows(engine().db, job.id, 10)).toHaveLength(2);
  });

  it('stops a file without line breaks before it fills memory, and names it', async () => {
    const file = join(dir(), 'one-line.csv');
    writeFileSync(file, 'entity_code,blob\nA,' + 'x'.repeat(20 * 1024 * 1024));
    const job = engine().createJob(file, { wholesalerId: 'W', database: 'd', collection: 'c' });
    expect(await engine().stage(job.id)).toMatchObject({
      state: 'failed',
      message:
        'one-line.csv: line 2: a record runs past 16 MB without ending; the file holds no rows that could be imported',
    });
  });

  it('keeps the engine running when a worker runs out of memory, and says so on the job', async () => {
    // Records of 12 MB pass the reader's own limits; a worker capped at 32 MB cannot hold one.
    const small = ImportEngine.open(join(dir(), 'small-heap'), { ...engineConfig({}), workerHeapMb: 32 });
    try {
      const file = join(dir(), 'wide.csv');
      writeFileSync(
        file,
        `entity_code,blob\n${Array.from({ length: 3 }, (_, i) => `E${i},"${'y'.repeat(12 * 1024 * 1024)}"`).join('\n')}\n`,
      );
      const job = small.createJob(file, { wholesalerId: 'W', database: 'd', collection: 'c' });
      expect(await small.stage(job.id)).toMatchObject({
        state: 'failed',
        message: 'reading the file needed more than the 32 MB an import may use, so it was stopped',
      });
      const next = small.createJob(join(dir(), 'after.csv'), { wholesalerId: 'W', database: 'd', collection: 'c' });
      writeFileSync(join(dir(), 'after.csv'), 'entity_code\nA\n');
      expect(await small.stage(next.id)).toMatchObject({ state: 'staged', rowsStaged: 1 });
    } finally {
      await small.close();
    }
  });
});
