import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/store/database';
import { clearPlans, plannedVersions, planVersions } from '../../src/main/core/store/flights';
import { MIGRATIONS } from '../../src/main/core/store/migrations';
import {
  createJob,
  findJob,
  jobProfileOf,
  listBatch,
  resetStaging,
  setJobState,
  startBatchPart,
  finishBatch,
} from '../../src/main/core/store/jobs';
import {
  countPendingRows,
  pendingRows,
  pruneSentRows,
  recordChunk,
  stageBatch,
} from '../../src/main/core/store/staged-rows';
import { listRowErrors } from '../../src/main/core/store/row-errors';
import { SecretStore } from '../../src/main/core/store/settings';
import { moveJobTo } from '../support/job-state';
import { profile } from '../support/profile';
import { tempDir } from '../support/temp';

const row = (rowNo: number, entityCode = `E${rowNo}`) => ({
  rowNo,
  entityCode,
  contentHash: `h${rowNo}`,
  json: JSON.stringify({ entity_code: entityCode }),
  lineNo: rowNo,
  raw: `${entityCode},x`,
  fields: [entityCode, 'x'],
});
const firstWins = { duplicates: 'error', keyColumn: 'SKU' } as const;
const withChunks = (chunkSize: number) => profile({ limits: { ...profile().limits, chunkSize } });

describe('the local SQLite store', () => {
  it('creates its schema once, in WAL mode, and reopens without migrating again', () => {
    const file = join(tempDir(), 'q.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('keeps the versions a crashed chunk had planned across the schema that stores them a piece a row', () => {
    const file = join(tempDir(), 'q.sqlite');
    const old = new Database(file);
    old.function('message_group', (message: unknown) => String(message));
    for (const step of MIGRATIONS.slice(0, 6)) old.exec(step);
    old.pragma('user_version = 6');
    old.exec(`INSERT INTO jobs (id, file_path, file_name, wholesaler_id, target_database, target_collection, state,
      chunk_size, created_at, updated_at)
      VALUES ('j1', '/f/a.csv', 'a.csv', 'W', 'd', 'c', 'syncing', 500, '2026-01-01', '2026-01-01');
      INSERT INTO chunk_flights (job_id, doc_id, planned_version) VALUES ('j1', 'W:A', 1), ('j1', 'W:B', 4);`);
    old.close();
    const db = openDatabase(file);
    expect(plannedVersions(db, 'j1', ['W:A', 'W:B', 'W:C'])).toEqual(
      new Map([
        ['W:A', 1],
        ['W:B', 4],
      ]),
    );
    planVersions(db, 'j1', new Map([['W:B', 5]]));
    expect(plannedVersions(db, 'j1', ['W:B'])).toEqual(new Map([['W:B', 5]]));
    clearPlans(db, 'j1');
    expect(plannedVersions(db, 'j1', ['W:A', 'W:B'])).toEqual(new Map());
    db.close();
  });

  it('brings a queue from the first schema forward: its jobs get the default source, its rows stay', () => {
    const file = join(tempDir(), 'q.sqlite');
    const old = new Database(file);
    old.exec(MIGRATIONS[0] as string);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO jobs (id, file_path, file_name, wholesaler_id, target_database, target_collection, state,
      chunk_size, rows_staged, created_at, updated_at)
      VALUES ('j1', '/f/a.csv', 'a.csv', 'W', 'd', 'c', 'waiting', 500, 3, '2026-01-01', '2026-01-01');
      INSERT INTO staged_rows (job_id, row_no, entity_code, content_hash, doc) VALUES
        ('j1', 2, 'A', 'h1', '{}'), ('j1', 3, 'A', 'h2', '{}'), ('j1', 4, 'B', 'h3', '{}');`);
    old.close();
    const db = openDatabase(file);
    expect(findJob(db, 'j1')).toMatchObject({
      state: 'waiting',
      sourceName: 'default',
      rowsStaged: 2,
      rowsRepeated: 1,
    });
    expect(jobProfileOf(db, 'j1')).toMatchObject({
      wholesalerId: 'W',
      trim: true,
      limits: { chunkSize: 500, oversize: 'accept' },
    });
    // A repeated entity of an old queue keeps its last row, as sync did then.
    expect(pendingRows(db, 'j1', 10).map((r) => [r.rowNo, r.contentHash])).toEqual([
      [3, 'h2'],
      [4, 'h3'],
    ]);
    db.close();
  });

  it('refuses a file written by a newer schema instead of corrupting it', () => {
    const file = join(tempDir(), 'q.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(`schema ${MIGRATIONS.length + 1}`);
  });

  it('stages rows with their counters in one transaction and records acknowledged chunks', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/files/cat.csv', withChunks(2));
    expect(job).toMatchObject({ state: 'queued', fileName: 'cat.csv', chunkSize: 2 });

    const bad = {
      rowNo: 3,
      lineNo: 3,
      stage: 'validate' as const,
      column: 'entity_code',
      value: '',
      message: 'entity_code is empty',
      code: null,
      raw: ',x',
      fields: ['', 'x'],
      entityCode: null,
    };
    stageBatch(db, job.id, job.id, { staged: [row(2), row(4), row(5)], errors: [bad], parsed: 4 }, firstWins);
    expect(findJob(db, job.id)).toMatchObject({ rowsParsed: 4, rowsStaged: 3, rowsFailed: 1 });
    expect(pendingRows(db, job.id, 2).map((r) => r.rowNo)).toEqual([2, 4]);

    recordChunk(db, job.id, { writtenRowNos: [2], unchangedRowNos: [4], supersededRowNos: [], errors: [] });
    expect(pendingRows(db, job.id, 10).map((r) => r.rowNo)).toEqual([5]);
    expect(countPendingRows(db, job.id)).toBe(1);
    expect(findJob(db, job.id)).toMatchObject({ rowsWritten: 1, rowsUnchanged: 1, chunksWritten: 1 });
    expect(listRowErrors(db, job.id)).toEqual([bad]);

    resetStaging(db, job.id);
    expect(findJob(db, job.id)).toMatchObject({
      rowsParsed: 0,
      rowsStaged: 0,
      rowsWritten: 0,
      rowsFailed: 0,
      chunksWritten: 0,
    });
    expect(countPendingRows(db, job.id)).toBe(0);
    expect(listRowErrors(db, job.id)).toEqual([]);
    expect(setJobState(db, job.id, 'failed', 'why').message).toBe('why');
    db.close();
  });

  it('bounds a chunk by bytes as well as rows, always taking at least one row', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/tmp/wide.csv', profile());
    const wide = (rowNo: number) => ({
      ...row(rowNo),
      json: JSON.stringify({ entity_code: `E${rowNo}`, text: 'x'.repeat(1000) }),
    });
    stageBatch(db, job.id, job.id, { staged: [2, 3, 4, 5, 6].map(wide), errors: [], parsed: 5 }, firstWins);
    const size = wide(2).json.length;
    expect(pendingRows(db, job.id, 100, size * 2.5).map((r) => r.rowNo)).toEqual([2, 3]);
    expect(pendingRows(db, job.id, 100, 10).map((r) => r.rowNo)).toEqual([2]);
    expect(pendingRows(db, job.id, 4).map((r) => r.rowNo)).toEqual([2, 3, 4, 5]);
    db.close();
  });

  it('keeps the first row of a repeated entity and reports the repeat, naming the earlier row', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/files/cat.csv', profile());
    stageBatch(db, job.id, job.id, { staged: [row(2, 'A'), row(3, 'B')], errors: [], parsed: 2 }, firstWins);
    stageBatch(db, job.id, job.id, { staged: [row(4, 'A')], errors: [], parsed: 1 }, firstWins);
    expect(findJob(db, job.id)).toMatchObject({ rowsParsed: 3, rowsStaged: 2, rowsFailed: 1, rowsRepeated: 0 });
    expect(pendingRows(db, job.id, 10).map((r) => [r.rowNo, r.entityCode])).toEqual([
      [2, 'A'],
      [3, 'B'],
    ]);
    expect(listRowErrors(db, job.id)).toEqual([
      {
        rowNo: 4,
        lineNo: 4,
        stage: 'validate',
        column: 'SKU',
        value: 'A',
        message:
          'entity_code "A" is already in row 2 of this file; the first row is kept (a source can let the last row win instead)',
        code: null,
        raw: 'A,x',
        fields: ['A', 'x'],
        entityCode: 'A',
      },
    ]);
    db.close();
  });

  it('lets the last row of a repeated entity win when the source says so', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/files/cat.csv', profile({ duplicates: 'last_wins' }));
    const lastWins = { duplicates: 'last_wins', keyColumn: 'SKU' } as const;
    stageBatch(
      db,
      job.id,
      job.id,
      { staged: [row(2, 'A'), row(3, 'B'), row(4, 'A')], errors: [], parsed: 3 },
      lastWins,
    );
    expect(findJob(db, job.id)).toMatchObject({ rowsParsed: 3, rowsStaged: 2, rowsFailed: 0, rowsRepeated: 1 });
    expect(pendingRows(db, job.id, 10).map((r) => [r.rowNo, r.entityCode, r.contentHash])).toEqual([
      [3, 'B', 'h3'],
      [4, 'A', 'h4'],
    ]);
    db.close();
  });

  it('stages a split file part by part, finding repeats across parts, and forgets the parts on reset', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/files/cat.csv', profile({ duplicates: 'last_wins' }));
    const lastWins = { duplicates: 'last_wins', keyColumn: 'SKU' } as const;
    stageBatch(db, job.id, job.id, { staged: [row(2, 'A'), row(3, 'B')], errors: [], parsed: 2 }, lastWins);
    const part2 = startBatchPart(db, job.id, 'batch-1', 2);
    stageBatch(db, part2, job.id, { staged: [row(4, 'C'), row(5, 'A')], errors: [], parsed: 2 }, lastWins);
    stageBatch(db, part2, job.id, { staged: [row(6, 'B')], errors: [], parsed: 1 }, firstWins);
    finishBatch(db, job.id);
    const parts = listBatch(db, 'batch-1');
    expect(
      parts.map((p) => [
        p.id,
        p.batchPart,
        p.batchTotalParts,
        p.rowsParsed,
        p.rowsStaged,
        p.rowsRepeated,
        p.rowsFailed,
      ]),
    ).toEqual([
      [job.id, 1, 2, 2, 1, 1, 0],
      [part2, 2, 2, 3, 2, 0, 1],
    ]);
    expect(pendingRows(db, job.id, 10).map((r) => r.entityCode)).toEqual(['B']);
    expect(pendingRows(db, part2, 10).map((r) => [r.rowNo, r.entityCode])).toEqual([
      [4, 'C'],
      [5, 'A'],
    ]);
    expect(listRowErrors(db, part2).map((e) => [e.rowNo, e.message])).toEqual([
      [
        6,
        'entity_code "B" is already in row 3 of this file; the first row is kept (a source can let the last row win instead)',
      ],
    ]);

    resetStaging(db, job.id);
    expect(findJob(db, part2)).toBeUndefined();
    expect(findJob(db, job.id)).toMatchObject({ batchId: null, batchPart: null, rowsParsed: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM staged_rows').get()).toEqual({ n: 0 });
    db.close();
  });

  it('prunes the sent rows of jobs that ended before the retention date, keeping failed rows and errors', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const bad = {
      rowNo: 4,
      lineNo: 4,
      stage: 'write' as const,
      column: null,
      value: null,
      message: 'refused',
      code: '11000',
      raw: null,
      fields: null,
      entityCode: 'E4',
    };
    const jobs = ['old', 'recent', 'running'].map((name) => {
      const job = createJob(db, `/files/${name}.csv`, profile());
      stageBatch(db, job.id, job.id, { staged: [row(2), row(3), row(4), row(5)], errors: [], parsed: 4 }, firstWins);
      recordChunk(db, job.id, { writtenRowNos: [2], unchangedRowNos: [3], supersededRowNos: [], errors: [bad] });
      return job;
    });
    const [old, recent, running] = jobs.map((job) => job.id) as [string, string, string];
    moveJobTo(db, old, 'completed_with_errors');
    moveJobTo(db, recent, 'completed_with_errors');
    db.prepare("UPDATE jobs SET updated_at = '2026-01-01T00:00:00.000Z' WHERE id IN (?, ?)").run(old, running);
    const statuses = (id: string) =>
      db.prepare('SELECT row_no, status FROM staged_rows WHERE job_id = ? ORDER BY row_no').all(id) as {
        row_no: number;
        status: string;
      }[];

    expect(pruneSentRows(db, new Date('2026-06-01T00:00:00.000Z'))).toBe(2);
    expect(statuses(old)).toEqual([
      { row_no: 4, status: 'failed' },
      { row_no: 5, status: 'staged' },
    ]);
    expect(statuses(recent)).toHaveLength(4);
    expect(statuses(running)).toHaveLength(4);
    expect(listRowErrors(db, old)).toHaveLength(1);
    expect(findJob(db, old)).toMatchObject({ rowsWritten: 1, rowsUnchanged: 1, rowsFailed: 1 });
    db.close();
  });

  it('keeps secrets only as the codec ciphertext', async () => {
    const file = join(tempDir(), 'q.sqlite');
    const db = openDatabase(file);
    const secrets = new SecretStore(db, {
      encrypt: (plain) => Promise.resolve(Buffer.from(Buffer.from(plain).map((b) => b ^ 0x5a))),
      decrypt: (cipher) => Promise.resolve(Buffer.from(cipher.map((b) => b ^ 0x5a)).toString()),
    });
    expect(secrets.has('uri')).toBe(false);
    await secrets.set('uri', 'mongodb://user:secret@h/');
    expect(await secrets.get('uri')).toBe('mongodb://user:secret@h/');
    db.close();
    const raw = new Database(file);
    const dump = JSON.stringify(raw.prepare('SELECT key, CAST(ciphertext AS TEXT) AS text FROM secrets').all());
    raw.close();
    expect(dump).not.toContain('secret@h');
  });
});
