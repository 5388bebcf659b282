import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, needsBuiltCli, printedObject } from '../support/cli';
import { tempDir } from '../support/temp';

describe('the CLI and a --mongo URI with w=0', () => {
  needsBuiltCli();

  it('refuses import and sync as a usage error naming w=0, queuing nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'ok.csv');
    writeFileSync(file, 'entity_code,name\nA-1,Drill\n');
    const queue = ['--data-dir', join(dir, 'queue')];
    const uri = 'mongodb://127.0.0.1:9/?w=0';

    const imported = await cli([
      'import',
      file,
      '--mongo',
      uri,
      '--db',
      'd',
      '--collection',
      'c',
      '--wholesaler',
      'W-1',
      ...queue,
      '--json',
    ]);
    expect(imported.code).toBe(2);
    expect(printedObject(imported)).toEqual({
      outcome: 'usage_error',
      message: expect.stringContaining('--mongo: w=0 is refused: it asks MongoDB not to acknowledge writes') as string,
    });

    const synced = await cli(['sync', '--mongo', uri, ...queue]);
    expect(synced.code).toBe(2);
    expect(synced.stderr).toContain('Remove w=0 from the MongoDB URI');

    const batches = await cli(['batches', ...queue, '--json']);
    expect(JSON.parse(batches.stdout)).toEqual([]);
  });
});
