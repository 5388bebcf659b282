import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { listRowErrors, pendingRows } from '../../src/main/core/store/staged-rows';
import { tempDir } from '../support/temp';

describe('staging a file in the ingest worker', () => {
  let dir: string;
  let engine: ImportEngine;
  beforeEach(() => {
    dir = tempDir();
    engine = ImportEngine.open(join(dir, 'data'));
  });
  afterEach(() => engine.close());

  const stage = (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const job = engine.createJob(file, { wholesalerId: 'W', database: 'd', collection: 'c' });
    return engine.stage(job.id);
  };

  it('stages good rows and keeps bad ones as error rows with file row, line, column and raw text', async () => {
    const job = await stage('mixed.csv', 'entity_code,name\nA,"multi\nline"\n,orphan\nB,ok,extra\nC,fine\n');
    expect(job).toMatchObject({ state: 'staged', rowsParsed: 4, rowsStaged: 2, rowsFailed: 2 });
    expect(pendingRows(engine.db, job.id, 10).map((r) => [r.rowNo, r.doc])).toEqual([
      [2, { name: 'multi\nline', wholesaler_id: 'W', entity_code: 'A' }],
      [5, { name: 'fine', wholesaler_id: 'W', entity_code: 'C' }],
    ]);
    expect(listRowErrors(engine.db, job.id)).toEqual([
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
    expect(await engine.stage(job.id)).toMatchObject({ state: 'staged', rowsParsed: 2, rowsStaged: 2 });
    expect(pendingRows(engine.db, job.id, 10)).toHaveLength(2);
  });
});
