import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noiseBytes, pngBytes, RAW_BYTES } from '../support/binary';
import { cli, needsBuiltCli } from '../support/cli';
import { tempDir } from '../support/temp';

describe('the CLI given a binary file named .csv', () => {
  needsBuiltCli();

  it.each([
    ['an image', pngBytes()],
    ['random bytes', noiseBytes(64 * 1024)],
  ])('fails the import and the preview as not a text file, echoing none of its bytes: %s', async (_, bytes) => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    writeFileSync(file, bytes);
    const queue = ['--data-dir', join(dir, 'q')];
    const target = ['--db', 'd', '--collection', 'c', '--wholesaler', 'W-1', ...queue];

    const json = await cli(['import', file, ...target, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      state: 'failed',
      rowsRead: 0,
      failed: 0,
      message: expect.stringMatching(/^catalog\.csv: not a text file \(.+\)$/) as unknown,
    });
    const text = await cli(['import', file, ...target]);
    const preview = await cli(['preview', file, ...target]);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain('Cannot be imported: catalog.csv: not a text file (');
    for (const run of [json, text, preview]) {
      expect(run.stdout + run.stderr).not.toMatch(RAW_BYTES);
    }
    const batches = await cli(['batches', ...queue, '--json']);
    expect(batches.stdout).not.toMatch(RAW_BYTES);
  });
});
