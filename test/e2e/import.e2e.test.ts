import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { catalogRow, writeCatalogCsv, writeCatalogXlsx } from '../support/catalog';
import { tempDir, uniqueDbName } from '../support/temp';
import { dropFiles, startImports, openApp, rendererSuite, saveSettings, SCREENSHOTS } from './page';

const mongoUri = inject('mongoUri');

describe('the renderer in Chromium, with the real engine behind window.api', () => {
  const suite = rendererSuite();

  it('imports a dropped CSV and a picked CSV into MongoDB and shows both jobs completed', async () => {
    const dir = tempDir();
    const uploadDir = join(dir, 'uploads');
    mkdirSync(uploadDir);
    const dropped = join(uploadDir, 'spring-catalog.csv');
    const picked = join(uploadDir, 'picked-catalog.csv');
    await writeCatalogCsv(dropped, 5000);
    await writeCatalogCsv(picked, 1200, (i) => ({ ...catalogRow(i), entity_code: `PICK-${i}` }));
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir,
      pickFiles: () => Promise.resolve([picked]),
    });

    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    await expect.poll(() => page.getByTestId('jobs-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('connection').getAttribute('data-state')).toBe('not_configured');

    const database = uniqueDbName('e2e');
    await saveSettings(page, mongoUri, database, 'W-E2E');

    await dropFiles(page, [{ name: 'spring-catalog.csv', content: readFileSync(dropped, 'utf8') }]);
    await startImports(page, ['spring-catalog.csv']);
    const droppedRow = page.locator('[data-testid="job-row"]', { hasText: 'spring-catalog.csv' });
    await droppedRow.and(page.locator('[data-state="completed"]')).waitFor({ timeout: 60_000 });
    expect(await droppedRow.getByTestId('rows-written').textContent()).toContain('5,000');
    expect(await droppedRow.getByTestId('rows-failed').textContent()).toContain('0');
    // A finished job keeps how long it took; its rate and time left are no longer shown.
    expect(await droppedRow.getByTestId('job-elapsed').textContent()).toMatch(/^\d+ s$/);
    expect(await droppedRow.getByTestId('job-rate').textContent()).toBe('—');

    await page.getByTestId('choose-files').click();
    await startImports(page, ['picked-catalog.csv']);
    const pickedRow = page.locator('[data-testid="job-row"]', { hasText: 'picked-catalog.csv' });
    await pickedRow.and(page.locator('[data-state="completed"]')).waitFor({ timeout: 60_000 });
    expect(await pickedRow.getByTestId('rows-written').textContent()).toContain('1,200');

    // Above the default max_batch_size of 10,000: two batch parts, each shown with the size alert.
    await writeCatalogCsv(join(uploadDir, 'big-catalog.csv'), 12_000, (i) => ({
      ...catalogRow(i),
      entity_code: `BIG-${i}`,
    }));
    await dropFiles(page, [{ name: 'big-catalog.csv', content: '' }]);
    await startImports(page, ['big-catalog.csv']);
    const bigRows = page.locator('[data-testid="job-row"]', { hasText: 'big-catalog.csv' });
    await expect.poll(() => bigRows.and(page.locator('[data-state="completed"]')).count(), { timeout: 60_000 }).toBe(2);
    expect((await bigRows.getByTestId('job-part').allTextContents()).sort()).toEqual(['Part 1 of 2', 'Part 2 of 2']);
    expect(await bigRows.getByTestId('job-alert').allTextContents()).toEqual(
      Array(2).fill('Large batch: 12,000 rows, above the warning size of 5,000 for source "default"'),
    );
    expect((await bigRows.getByTestId('rows-written').allTextContents()).sort()).toEqual(['10,000', '2,000']);

    // A large file, cancelled while it is being read: the page only passes the name to main.
    await writeCatalogCsv(join(uploadDir, 'huge-catalog.csv'), 400_000);
    await dropFiles(page, [{ name: 'huge-catalog.csv', content: '' }]);
    await startImports(page, ['huge-catalog.csv']);
    const hugeRow = page.locator('[data-testid="job-row"]', { hasText: 'huge-catalog.csv' });
    await hugeRow.and(page.locator('[data-state="parsing"]')).waitFor({ timeout: 30_000 });
    // While it is read, the rate comes from the rows read in the last seconds.
    await expect
      .poll(() => hugeRow.getByTestId('job-rate').textContent(), { timeout: 10_000 })
      .toMatch(/^[\d,]+ rows\/s$/);
    await expect.poll(() => hugeRow.getByTestId('throughput-chart').count(), { timeout: 10_000 }).toBe(1);
    // Paused while it is read, it starts over from the first row on resume.
    await hugeRow.getByRole('button', { name: 'Pause the import of huge-catalog.csv' }).click();
    await hugeRow.and(page.locator('[data-state="paused"]')).waitFor({ timeout: 5_000 });
    expect(await hugeRow.getByTestId('job-message').textContent()).toBe('Paused; the file is read again when resumed');
    expect(await hugeRow.getByTestId('rows-read').textContent()).toBe('0');
    await hugeRow.getByRole('button', { name: 'Resume the import of huge-catalog.csv' }).click();
    await hugeRow.and(page.locator('[data-state="parsing"]')).waitFor({ timeout: 10_000 });
    await hugeRow.getByRole('button', { name: 'Cancel the import of huge-catalog.csv' }).click();
    await hugeRow.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 5_000 });
    expect(await hugeRow.getByTestId('job-message').textContent()).toBe('Cancelled; nothing was written to MongoDB');
    expect(await hugeRow.getByTestId('cancel-job').count()).toBe(0);

    await page.screenshot({
      path: join(SCREENSHOTS, 'e2e-import-completed.png'),
      fullPage: true,
      animations: 'disabled',
    });
    const products = suite.mongo().db(database).collection('products');
    expect(await products.countDocuments({ wholesaler_id: 'W-E2E' })).toBe(18_200);
    expect(pageErrors).toEqual([]);
  });

  it('stops the preview of a file removed while it runs, showing no error, and previews it again when dropped again', async () => {
    const dir = tempDir();
    const file = join(dir, 'slow-catalog.xlsx');
    // 1.2 million shared strings: seconds to read before the first row.
    await writeCatalogXlsx(file, 300_000);
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    // What reaches the engine, in order: the tests see the page's calls as main serves them.
    const engine = harness.engine;
    const calls: string[] = [];
    const preview = engine.preview.bind(engine);
    const cancelPreview = engine.cancelPreview.bind(engine);
    engine.preview = (...args) => {
      calls.push('preview');
      return preview(...args);
    };
    engine.cancelPreview = (path) => {
      const stopped = cancelPreview(path);
      calls.push(stopped ? 'cancel: stopped one' : 'cancel: none running');
      return stopped;
    };
    const { page, errors } = await openApp(suite.browser(), harness);
    await saveSettings(page, null, 'catalog', 'W-1');

    await dropFiles(page, [{ name: 'slow-catalog.xlsx', content: '' }]);
    const card = page.locator('[data-testid="pending-file"][data-file-name="slow-catalog.xlsx"]');
    await expect.poll(() => calls).toEqual(['preview']);
    expect(await card.getAttribute('aria-busy')).toBe('true');
    await card.getByRole('button', { name: 'Remove slow-catalog.xlsx without importing it' }).click();
    await card.waitFor({ state: 'detached' });
    await expect.poll(() => calls).toEqual(['preview', 'cancel: stopped one']);
    expect(await page.getByRole('alert').count()).toBe(0);

    await dropFiles(page, [{ name: 'slow-catalog.xlsx', content: '' }]);
    await card.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
    expect(calls).toEqual(['preview', 'cancel: stopped one', 'preview']);
    expect(await card.getByTestId('preview-count').textContent()).toBe('First 50 rows: 50 map cleanly, 0 have errors.');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('names the problem when a dropped file cannot be imported yet', async () => {
    const dir = tempDir();
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    const { page } = await openApp(suite.browser(), harness);
    writeFileSync(join(dir, 'prices.csv'), 'entity_code\nA\n');
    await dropFiles(page, [{ name: 'prices.csv', content: '' }]);
    // Settings are empty: main refuses to preview for no target, says what to do, and nothing can start.
    const card = page.locator('[data-testid="pending-file"][data-file-name="prices.csv"]');
    await expect
      .poll(() => card.getByTestId('preview-failure').textContent())
      .toContain('Set the database, collection and wholesaler ID');
    expect(await card.getAttribute('data-ready')).toBe('false');
    expect(await page.getByTestId('start-all').isDisabled()).toBe(true);
    expect(await page.getByTestId('job-row').count()).toBe(0);
    // Once the target is set, the waiting file is previewed again and can start.
    await saveSettings(page, null, 'catalog', 'W-1');
    await card.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 10_000 });
    expect(await card.getByTestId('preview-failure').count()).toBe(0);

    await dropFiles(page, [{ name: 'notes.pdf', content: '%PDF-1.7' }]);
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toContain('Only .csv, .tsv, .txt, .xlsx, .json, .ndjson, .jsonl files can be imported. Not imported: notes.pdf');
  });
});
