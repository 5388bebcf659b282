import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src/main/api';
import { engineConfig, type EngineConfig } from '../../src/main/core/config';
import { ImportEngine } from '../../src/main/core/engine';
import { PREVIEW_TEXT_CHARS } from '../../src/main/core/ingest/preview';
import { PreviewCancelled } from '../../src/main/core/previews';
import { writeCatalogXlsx } from '../support/catalog';
import { testHandlers } from '../support/handlers';
import { hostileSharedStrings, xmlBomb, zipBombs } from '../support/hostile-xlsx';
import { TARGET } from '../support/profile';

/** The threads of this process: each ingest worker alive is one more. */
const threads = (): number => readdirSync('/proc/self/task').length;

/** An engine on its own data folder under `dir`, with the config changed where the test says. */
function openEngine(dir: string, changes: Partial<EngineConfig> = {}): ImportEngine {
  return ImportEngine.open(join(dir, `data-${Math.random().toString(36).slice(2)}`), {
    ...engineConfig({}),
    ...changes,
  });
}

describe('previews in the engine', () => {
  // A workbook whose 1.2 million shared strings take seconds to read before its first row.
  let slow = '';
  let dir = '';
  /** The threads of this process with no worker running (those Node starts for file reads included). */
  let idle = 0;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-console-preview-'));
    slow = join(dir, 'slow.xlsx');
    await writeCatalogXlsx(slow, 300_000);
    idle = threads();
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs one preview of a file at a time: a newer one ends the one running and its worker', async () => {
    const engine = openEngine(dir);
    try {
      const settled: string[] = [];
      const first = engine.preview(slow, TARGET).finally(() => settled.push('first'));
      const second = engine.preview(slow, TARGET).finally(() => settled.push('second'));
      await expect(first).rejects.toThrow(PreviewCancelled);
      await expect(first).rejects.toThrow('slow.xlsx: the preview was cancelled');
      // Only the second preview's worker is left.
      await expect.poll(threads).toBe(idle + 1);
      expect((await second).rows).toHaveLength(50);
      expect(settled).toEqual(['first', 'second']);
      await expect.poll(threads).toBe(idle);
    } finally {
      await engine.close();
    }
  });

  it('cancels the preview of one file, leaving the other files’ previews running', async () => {
    const engine = openEngine(dir);
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'entity_code,name\nA,Drill\n');
    try {
      const cancelled = engine.preview(slow, TARGET);
      const kept = engine.preview(other, TARGET);
      expect(engine.cancelPreview(slow)).toBe(true);
      await expect(cancelled).rejects.toThrow(PreviewCancelled);
      expect((await kept).rows.map((row) => row.document.entity_code)).toEqual(['A']);
      // Nothing is left to cancel once a preview has ended, whichever way.
      expect(engine.cancelPreview(slow)).toBe(false);
      expect(engine.cancelPreview(other)).toBe(false);
    } finally {
      await engine.close();
    }
  });

  it('answers the page’s superseded or cancelled preview as cancelled, which main checks the path of', async () => {
    const engine = openEngine(dir);
    const api = testHandlers(engine, dir);
    await api.saveSettings({ mongoUri: '', database: 'd', collection: 'c', wholesalerId: 'W-1' });
    try {
      const superseded = api.previewFile(slow, null, null);
      const cancelled = api.previewFile(slow, null, null);
      expect(await api.cancelPreview(slow)).toBe(true);
      expect(await superseded).toEqual({ filePath: slow, cancelled: true });
      expect(await cancelled).toEqual({ filePath: slow, cancelled: true });
      expect(await api.cancelPreview(slow)).toBe(false);
      await expect(dispatch(api, 'cancelPreview', [{ path: slow }])).rejects.toThrow(
        'cancelPreview argument 1 must be a string',
      );
    } finally {
      await engine.close();
    }
  });

  it('stops a preview at its time limit, ending its worker, and gives that as its problem', async () => {
    const engine = openEngine(dir, { previewTimeoutMs: 1000 });
    try {
      const started = Date.now();
      const preview = await engine.preview(slow, TARGET);
      expect(Date.now() - started).toBeLessThan(2500);
      expect(preview).toMatchObject({
        fileName: 'slow.xlsx',
        format: 'xlsx',
        rows: [],
        problem:
          'slow.xlsx: the preview took longer than 1 s, so it was stopped; a file this slow to read is very large or damaged (IMPORT_PREVIEW_TIMEOUT_MS sets the limit)',
        earlierImport: null,
      });
      await expect.poll(threads).toBe(idle);
    } finally {
      await engine.close();
    }
  });

  it('ends each hostile workbook as the preview’s problem or a bounded preview, and goes on', async () => {
    const file = (name: string): string => join(dir, name);
    zipBombs(file('bomb.xlsx'), file('liar.xlsx'));
    xmlBomb(file('laughs.xlsx'));
    hostileSharedStrings(file('strings.xlsx'), 200);
    await writeCatalogXlsx(file('good.xlsx'), 60);
    const engine = openEngine(dir);
    try {
      const problems = [];
      for (const name of ['bomb.xlsx', 'liar.xlsx', 'laughs.xlsx']) {
        problems.push((await engine.preview(file(name), TARGET)).problem);
      }
      expect(problems).toEqual([
        expect.stringMatching(/^bomb\.xlsx: .* is compressed \d+ to 1 \(at most 100 accepted\), a sign of a ZIP bomb$/),
        'liar.xlsx: xl/worksheets/sheet1.xml in the workbook inflates to more than its ZIP directory says, a sign of a ZIP bomb',
        'laughs.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml: it declares a DOCTYPE, which no spreadsheet needs)',
      ]);
      // Rows of 480,000 characters are a workbook's right (an import stages them): the preview
      // shows those that fit its text budget, and says why it stops there.
      const strings = await engine.preview(file('strings.xlsx'), TARGET);
      expect(strings.problem).toBeNull();
      expect(strings.rows.length).toBeGreaterThan(0);
      expect(strings.rows.length).toBeLessThan(5);
      expect(JSON.stringify(strings.rows).length).toBeLessThan(PREVIEW_TEXT_CHARS * 1.1);
      expect(strings.shortened).toMatch(
        /^The preview shows only the first \d rows: the next one would take it past the 1,048,576 characters of rows a preview holds$/,
      );
      const good = await engine.preview(file('good.xlsx'), TARGET);
      expect(good).toMatchObject({ problem: null, shortened: null });
      expect(good.rows).toHaveLength(50);
    } finally {
      await engine.close();
    }
  });

  it('runs a preview under the heap cap of staging, and names the cap when a file passes it', async () => {
    // Records of 12 MB pass the reader's own limits; a worker capped at 32 MB cannot hold one.
    const engine = openEngine(dir, { workerHeapMb: 32 });
    const wide = join(dir, 'wide.csv');
    writeFileSync(
      wide,
      `entity_code,blob\n${Array.from({ length: 3 }, (_, i) => `E${i},"${'y'.repeat(12 * 1024 * 1024)}"`).join('\n')}\n`,
    );
    try {
      expect((await engine.preview(wide, TARGET)).problem).toBe(
        'wide.csv: reading the file needed more than the 32 MB an import may use, so it was stopped',
      );
      const after = join(dir, 'after.csv');
      writeFileSync(after, 'entity_code\nA\n');
      expect((await engine.preview(after, TARGET)).rows).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });

  it('gives a missing file as its problem, and refuses a file of no importable format', async () => {
    const engine = openEngine(dir);
    try {
      expect((await engine.preview(join(dir, 'gone.csv'), TARGET)).problem).toBe(
        `gone.csv: file not found at ${join(dir, 'gone.csv')}`,
      );
      await expect(engine.preview(join(dir, 'notes.pdf'), TARGET)).rejects.toThrow(
        'notes.pdf: cannot import .pdf; import CSV, XLSX or JSON files',
      );
    } finally {
      await engine.close();
    }
  });
});
