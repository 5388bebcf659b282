import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCatalogXlsx } from '../support/catalog';
import { cli, cliInterrupted, needsBuiltCli, printedObject as printed } from '../support/cli';
import { xmlBomb, zipBombs } from '../support/hostile-xlsx';

describe('import --json and preview --json print one JSON object for every outcome', () => {
  needsBuiltCli();
  let dir = '';
  /** The local queue and the default source's target, as every run here gives them. */
  let target: string[] = [];
  const file = (name: string): string => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-console-cli-json-'));
    target = ['--db', 'd', '--collection', 'c', '--wholesaler', 'W-1', '--data-dir', file('queue'), '--json'];
    // 1.2 million shared strings: seconds to preview, many more to stage.
    await writeCatalogXlsx(file('slow.xlsx'), 300_000);
    writeFileSync(file('ok.csv'), 'entity_code,name\nA-1,Drill\n');
    writeFileSync(file('notes.pdf'), '%PDF-1.7');
    writeFileSync(file('noheader.csv'), 'name,colour\nHammer,red\n');
    zipBombs(file('bomb.xlsx'), file('liar.xlsx'));
    xmlBomb(file('laughs.xlsx'));
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('says ok, keeping every field, when the preview and the import succeed', async () => {
    const preview = await cli(['preview', file('ok.csv'), ...target]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(printed(preview)).toMatchObject({
      outcome: 'ok',
      message: null,
      fileName: 'ok.csv',
      format: 'csv',
      rows: [{ rowNo: 2, document: { entity_code: 'A-1', name: 'Drill', wholesaler_id: 'W-1' } }],
      problem: null,
    });
    const queued = await cli(['import', file('ok.csv'), ...target]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(printed(queued)).toMatchObject({
      outcome: 'ok',
      state: 'waiting',
      rowsRead: 1,
      waitingForConnection: true,
      message: '1 rows queued locally; waiting for a MongoDB connection',
    });
  });

  it('fails a missing file, exit 1', async () => {
    for (const command of ['preview', 'import']) {
      const run = await cli([command, file('gone.csv'), ...target]);
      expect(run.code).toBe(1);
      expect(printed(run)).toMatchObject({
        outcome: 'failed',
        message: `gone.csv: file not found at ${file('gone.csv')}`,
      });
    }
  });

  it('fails a file of no importable format, exit 1', async () => {
    const message = 'notes.pdf: cannot import .pdf; import CSV, XLSX or JSON files';
    const preview = await cli(['preview', file('notes.pdf'), ...target]);
    expect(preview.code).toBe(1);
    expect(printed(preview)).toEqual({ outcome: 'failed', message });
    const run = await cli(['import', file('notes.pdf'), ...target]);
    expect(run.code).toBe(1);
    expect(printed(run)).toMatchObject({ outcome: 'failed', state: 'failed', message });
  });

  it('gives a usage error as usage_error, exit 2, help going to stderr', async () => {
    for (const command of ['preview', 'import']) {
      const flag = await cli([command, file('ok.csv'), '--bogus', ...target]);
      expect(flag.code).toBe(2);
      expect(printed(flag)).toEqual({
        outcome: 'usage_error',
        message: expect.stringContaining("Unknown option '--bogus'") as unknown,
      });
      expect(flag.stderr).toContain('Usage:');
      const source = await cli([command, file('ok.csv'), '--source', 'Nobody', '--data-dir', file('queue'), '--json']);
      expect(source.code).toBe(2);
      expect(printed(source)).toEqual({
        outcome: 'usage_error',
        message: 'no source named "Nobody" (saved sources: none)',
      });
    }
  });

  it('fails a hostile or damaged workbook, exit 1: the preview’s problem, the job’s message', async () => {
    const bomb = /^bomb\.xlsx: .* is compressed \d+ to 1 \(at most 100 accepted\), a sign of a ZIP bomb$/;
    const laughs =
      'laughs.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml: it declares a DOCTYPE, which no spreadsheet needs)';
    for (const [name, message] of [
      ['bomb.xlsx', bomb],
      ['laughs.xlsx', laughs],
    ] as const) {
      const preview = await cli(['preview', file(name), ...target]);
      expect(preview.code).toBe(1);
      const shown = printed(preview);
      expect(shown).toMatchObject({ outcome: 'failed', fileName: name, rows: [] });
      expect(shown.message).toMatch(message);
      expect(shown.problem).toBe(shown.message);
      const run = await cli(['import', file(name), ...target]);
      expect(run.code).toBe(1);
      const job = printed(run);
      expect(job).toMatchObject({ outcome: 'failed', state: 'failed', rowsRead: 0 });
      expect(job.message).toMatch(message);
    }
  });

  it('fails a job that fails, exit 1, and says why when rows failed', async () => {
    const run = await cli(['import', file('noheader.csv'), ...target]);
    expect(run.code).toBe(1);
    expect(printed(run)).toMatchObject({
      outcome: 'failed',
      state: 'failed',
      message:
        'noheader.csv: row 1: no column gives the entity_code (found: name, colour); name one "entity_code" or "SKU", or map one in the source',
    });
    const mixed = file('mixed.csv');
    writeFileSync(mixed, 'entity_code,name\nA-1,Hammer\n,Nameless\n');
    const rows = await cli(['import', mixed, ...target]);
    expect(rows.code).toBe(1);
    expect(printed(rows)).toMatchObject({
      outcome: 'failed',
      state: 'waiting',
      failed: 1,
      message:
        '1 of 2 rows failed (firstErrors lists the first); 1 rows queued locally; waiting for a MongoDB connection',
    });
  });

  it('fails a preview that passes its time limit, exit 1', async () => {
    const run = await cli(['preview', file('slow.xlsx'), ...target], { IMPORT_PREVIEW_TIMEOUT_MS: '500' });
    expect(run.code).toBe(1);
    expect(printed(run)).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/^slow\.xlsx: the preview took longer than 0\.5 s, so it was stopped;/) as unknown,
    });
  });

  it('gives Ctrl-C as cancelled, exit 130, during a preview and during an import', { timeout: 120_000 }, async () => {
    const preview = await cliInterrupted(['preview', file('slow.xlsx'), ...target], 'Previewing slow.xlsx');
    expect(preview.code).toBe(130);
    expect(printed(preview)).toEqual({ outcome: 'cancelled', message: 'slow.xlsx: the preview was cancelled' });
    const run = await cliInterrupted(['import', file('slow.xlsx'), ...target], 'parsing');
    expect(run.code).toBe(130);
    expect(printed(run)).toMatchObject({
      outcome: 'cancelled',
      state: 'cancelled',
      message: 'Cancelled; nothing was written to MongoDB',
    });
  });
});
