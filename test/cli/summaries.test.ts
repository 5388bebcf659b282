import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { writeCatalogCsv } from '../support/catalog';
import { cli, needsBuiltCli } from '../support/cli';
import { tempDir, uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');

/** What the CLI prints about a file split into batch parts, on each path that syncs it. */
describe('the CLI summary of a split file', () => {
  needsBuiltCli();
  /** Files above 1,000 rows are split into parts of 1,000. */
  const env = { IMPORT_MAX_BATCH_SIZE: '1000' };

  it('sums the parts of a file queued offline and synced later, numbering each of all', async () => {
    const dir = tempDir();
    const file = join(dir, 'split.csv');
    await writeCatalogCsv(file, 2500);
    const queue = ['--data-dir', join(dir, 'q')];
    const target = (): string[] => [
      '--db',
      uniqueDbName('clisplit'),
      '--collection',
      'products',
      '--wholesaler',
      'W-S',
    ];

    const queued = await cli(['import', file, ...target(), ...queue], env);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toContain('(3 parts)');
    // No progress line counts rows before any is staged.
    expect(queued.stderr).not.toContain('0/0 rows');
    expect(queued.stderr).toContain('split.csv: queued');

    const synced = await cli(['sync', '--mongo', mongoUri, ...queue], env);
    expect(synced.code, synced.stderr).toBe(0);
    const split = synced.stdout.split('\n').filter((line) => /^ {2}(split|part) /.test(line));
    expect(split.map((line) => line.replace(/split +\S+/, 'split <id>'))).toEqual([
      '  split <id> (3 parts)',
      '  part 1/3  completed: 1,000 written, 0 unchanged, 0 failed',
      '  part 2/3  completed: 1,000 written, 0 unchanged, 0 failed',
      '  part 3/3  completed: 500 written, 0 unchanged, 0 failed',
    ]);
    expect(synced.stdout).toMatch(/^ {2}written {5}2,500$/m);

    // The same in JSON: one entry for the file, its parts in it.
    const again = ['--data-dir', join(dir, 'q2')];
    await cli(['import', file, ...target(), ...again], env);
    const json = await cli(['sync', '--mongo', mongoUri, ...again, '--json'], env);
    const printed = JSON.parse(json.stdout) as {
      jobs: { written: number; parts: { part: number; written: number }[] }[];
    };
    expect(printed.jobs.map((job) => [job.written, job.parts.map((p) => [p.part, p.written])])).toEqual([
      [
        2500,
        [
          [1, 1000],
          [2, 1000],
          [3, 500],
        ],
      ],
    ]);
  });
});
