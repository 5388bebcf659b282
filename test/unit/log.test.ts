import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Log, LOG_FILE_NAME, logConnection, logJob } from '../../src/main/core/log';
import { createJob, setJobState } from '../../src/main/core/store/jobs';
import { openDatabase } from '../../src/main/core/store/database';
import { profile } from '../support/profile';
import { tempDir } from '../support/temp';

const lines = (dir: string, name = LOG_FILE_NAME): Record<string, unknown>[] =>
  readFileSync(join(dir, name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the structured log', () => {
  it('writes a JSON line a state change of a job, and connection changes without credentials', () => {
    const dir = tempDir();
    const log = new Log(join(dir, 'logs'));
    const db = openDatabase(join(dir, 'q.sqlite'));
    const job = createJob(db, '/files/catalog.csv', profile());
    logJob(log, job, undefined);
    logJob(log, setJobState(db, job.id, 'queued'), 'queued');
    logJob(log, setJobState(db, job.id, 'failed', 'catalog.csv: the file is empty'), 'queued');
    logConnection(log, {
      state: 'offline',
      server: 'db.example:27017',
      message: 'connect ECONNREFUSED',
      checkedAt: null,
    });
    db.close();
    const written = lines(join(dir, 'logs'));
    expect(written.map((l) => [l.level, l.event, l.state, l.from ?? null])).toEqual([
      ['info', 'job', 'queued', null],
      ['error', 'job', 'failed', 'queued'],
      ['warn', 'connection', 'offline', null],
    ]);
    expect(written[1]).toMatchObject({ jobId: job.id, file: 'catalog.csv', message: 'catalog.csv: the file is empty' });
    expect(typeof written[0]?.time).toBe('string');
  });

  it('rotates at 5 MB and keeps three older files', () => {
    const dir = join(tempDir(), 'logs');
    const log = new Log(dir);
    const filler = 'x'.repeat(100_000);
    for (let i = 0; i < 250; i++) log.write('info', 'filler', { i, filler });
    expect(readdirSync(dir).sort()).toEqual([
      LOG_FILE_NAME,
      `${LOG_FILE_NAME}.1`,
      `${LOG_FILE_NAME}.2`,
      `${LOG_FILE_NAME}.3`,
    ]);
    // The newest line is in the current file, the lines before it in .1.
    expect(lines(dir).at(-1)?.i).toBe(249);
    expect((lines(dir).at(0)?.i as number) - 1).toBe(lines(dir, `${LOG_FILE_NAME}.1`).at(-1)?.i);
  });
});
