import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/store/database';
import { MIGRATIONS } from '../../src/main/core/store/migrations';
import { createJob, findJob, resetStaging, setJobState } from '../../src/main/core/store/jobs';
import {
  countPendingRows,
  listRowErrors,
  pendingRows,
  recordChunk,
  stageBatch,
} from '../../src/main/core/store/staged-rows';
import { SecretStore } from '../../src/main/core/store/settings';
import { tempDir } from '../support/temp';

const target = { wholesalerId: 'W', database: 'd', collection: 'c' };
const row = (rowNo: number) => ({
  rowNo,
  entityCode: `E${rowNo}`,
  contentHash: `h${rowNo}`,
  json: JSON.stringify({ entity_code: `E${rowNo}` }),
});

describe('the local SQLite store', () => {
  it('creates its schema once, in WAL mode, and reopens without migrating again', () => {
    const file = join(tempDir(), 'q.sqlite');
    openDatabase(file).close();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
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
    const job = createJob(db, '/files/cat.csv', target, 2);
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
    };
    stageBatch(db, job.id, { staged: [row(2), row(4), row(5)], errors: [bad], parsed: 4 });
    expect(findJob(db, job.id)).toMatchObject({ rowsParsed: 4, rowsStaged: 3, rowsFailed: 1 });
    expect(pendingRows(db, job.id, 2).map((r) => r.rowNo)).toEqual([2, 4]);

    recordChunk(db, job.id, { writtenRowNos: [2], unchangedRowNos: [4], errors: [] });
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
