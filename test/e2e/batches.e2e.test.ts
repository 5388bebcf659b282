import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readRecords } from '../../src/main/core/ingest/read-file';
import { CATALOG_COLUMNS, catalogRow, writeCatalogCsv } from '../support/catalog';
import { tempDir, uniqueDbName } from '../support/temp';
import {
  attributeOfAll,
  dropFiles,
  startImports,
  openApp,
  rendererSuite,
  saveSettings,
  SCREENSHOTS,
  scrollToEnd,
} from './page';

const mongoUri = inject('mongoUri');
const ROWS = 2000;
/** The rows of each part whose price is not a number. */
const BAD = [7, 150, 1999];

const partRow = (part: number) => (i: number) => ({
  ...catalogRow(part * 10_000 + i),
  ...(BAD.includes(i) && { price: 'ask us' }),
});
const badCodes = [1, 3].flatMap((part) => BAD.map((i) => catalogRow(part * 10_000 + i).entity_code));

describe('batches and error rows in the renderer', () => {
  const suite = rendererSuite();

  it('shows parts 1 and 3 of 3 with part 2 missing, lists and exports the bad rows, and counts their fix as recovered', async () => {
    const dir = tempDir();
    const uploadDir = join(dir, 'uploads');
    mkdirSync(uploadDir);
    for (const part of [1, 3])
      await writeCatalogCsv(join(uploadDir, `catalog_part${part}of3.csv`), ROWS, partRow(part));
    const report = join(dir, 'report.csv');
    const suggested: string[] = [];
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir,
      pickFiles: () => Promise.resolve([]),
      chooseSavePath: (name) => {
        suggested.push(name);
        return Promise.resolve(report);
      },
    });
    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    const database = uniqueDbName('e2e_batches');
    await saveSettings(page, mongoUri, database, 'W-BATCH');

    await dropFiles(page, [
      { name: 'catalog_part1of3.csv', content: '' },
      { name: 'catalog_part3of3.csv', content: '' },
    ]);
    await startImports(page, ['catalog_part1of3.csv', 'catalog_part3of3.csv']);
    const finished = page.locator('[data-testid="job-row"][data-state="completed_with_errors"]');
    await expect.poll(() => finished.count(), { timeout: 60_000 }).toBe(2);

    await page.getByTestId('nav-batches').click();
    const batch = page.locator('[data-testid="batch-group"][data-batch-id="catalog_part*of3"]');
    await expect.poll(() => batch.getByTestId('batch-state').textContent()).toBe('Incomplete');
    expect(await batch.getByTestId('batch-parts-received').textContent()).toBe('2 of 3 parts');
    expect(await batch.getByTestId('batch-missing').textContent()).toBe('Missing part 2');
    expect(await batch.getByTestId('batch-written').textContent()).toBe(
      (2 * (ROWS - BAD.length)).toLocaleString('en-US'),
    );
    expect(await batch.getByTestId('batch-failed').textContent()).toBe('6');
    await batch.getByTestId('batch-toggle').click();
    expect(await attributeOfAll(batch.getByTestId('batch-part'), 'data-part')).toEqual(['1', '3']);
    await page.screenshot({ path: join(SCREENSHOTS, 'e2e-batches-view.png'), fullPage: true, animations: 'disabled' });

    await batch.getByTestId('batch-errors').click();
    await expect.poll(() => page.getByTestId('error-total').textContent()).toBe('6');
    expect(await page.getByTestId('error-group').allTextContents()).toEqual([
      "6 rows: price: … is not a number (read with decimal separator '.', as in 1,234.56)",
    ]);
    const rows = page.getByTestId('error-row');
    await expect.poll(() => rows.count()).toBe(6);
    expect(await attributeOfAll(rows, 'data-row-no')).toEqual([...BAD, ...BAD].map((i) => String(i + 1)));
    // A filter narrows the list to the rows whose text matches.
    await page.getByTestId('error-filter-text').fill(badCodes[4] ?? '');
    await expect.poll(() => page.getByTestId('error-total').textContent()).toBe('1');
    await page.getByTestId('error-filter-text').fill('');
    await expect.poll(() => page.getByTestId('error-total').textContent()).toBe('6');
    await expect.poll(() => rows.count()).toBe(6);
    await page.screenshot({ path: join(SCREENSHOTS, 'e2e-errors-view.png'), fullPage: true, animations: 'disabled' });

    await page.getByTestId('export-csv').click();
    await expect.poll(() => page.getByTestId('export-result').textContent()).toBe(`Exported 6 rows to ${report}`);
    expect(suggested).toEqual([expect.stringMatching(/^batch-catalog_part_of3-errors-\d{12}\.csv$/)]);
    const exported: string[][] = [];
    for await (const item of readRecords(report, { encoding: null, delimiter: null, sheet: null })) {
      if (item.ok && 'record' in item) exported.push(item.record.fields);
    }
    expect(exported[0]).toEqual([...CATALOG_COLUMNS, 'error_stage', 'error_column', 'error_message']);
    expect(exported.slice(1).map((cells) => cells[0])).toEqual(badCodes);
    expect(exported.slice(1).map((cells) => cells[3])).toEqual(Array(6).fill('ask us'));

    // Fixed in "Excel" and dropped again: a retry of those rows, which the batch counts as recovered.
    writeFileSync(join(uploadDir, 'catalog-fixed.csv'), readFileSync(report, 'utf8').replaceAll(',ask us,', ',19.90,'));
    await page.getByTestId('nav-imports').click();
    await dropFiles(page, [{ name: 'catalog-fixed.csv', content: '' }]);
    await startImports(page, ['catalog-fixed.csv']);
    const retry = page.locator('[data-testid="job-row"]', { hasText: 'catalog-fixed.csv' });
    await retry.and(page.locator('[data-state="completed"]')).waitFor({ timeout: 60_000 });
    expect(await retry.getByTestId('job-retry-of').textContent()).toContain('catalog_part');

    await page.getByTestId('nav-batches').click();
    await expect.poll(() => batch.getByTestId('batch-recovered').textContent()).toBe('6');
    expect(await batch.getByTestId('batch-state').textContent()).toBe('Incomplete');
    await batch.getByTestId('batch-toggle').click();
    expect(await batch.getByTestId('batch-retry').allTextContents()).toEqual([
      expect.stringContaining('catalog-fixed.csv'),
    ]);
    await page.screenshot({
      path: join(SCREENSHOTS, 'e2e-batches-recovered.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await batch.getByTestId('batch-errors').click();
    await expect.poll(() => page.getByTestId('errors-empty').isVisible()).toBe(true);

    const products = suite.mongo().db(database).collection('products');
    expect(await products.countDocuments()).toBe(2 * ROWS);
    expect(await products.countDocuments({ entity_code: { $in: badCodes }, price: 19.9 })).toBe(6);
    expect(pageErrors).toEqual([]);
  });

  it('keeps 100,000 error rows in a virtual table: a few dozen in the page, the last one reached by scrolling', async () => {
    const dir = tempDir();
    const rows = 100_000;
    await writeCatalogCsv(join(dir, 'all-wrong.csv'), rows, (i) => ({ ...catalogRow(i), price: `${i} EUR` }));
    const report = join(dir, 'all-wrong-errors.csv');
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
      chooseSavePath: () => Promise.resolve(report),
    });
    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    // No server: the rows are read and checked locally, which is where they fail.
    await saveSettings(page, null, 'catalog', 'W-BIG');
    await dropFiles(page, [{ name: 'all-wrong.csv', content: '' }]);
    await startImports(page, ['all-wrong.csv']);
    const job = page.locator('[data-testid="job-row"]', { hasText: 'all-wrong.csv' });
    await job.getByTestId('job-errors').click({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('error-total').textContent(), { timeout: 30_000 }).toBe('100,000');
    const table = page.getByTestId('error-table');
    const inPage = page.getByTestId('error-row');
    await expect.poll(() => inPage.count()).toBeGreaterThan(10);
    expect(await inPage.count()).toBeLessThan(60);

    // The table learns the count from its own first page, which may still be on its way.
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(String(rows + 1));
    await scrollToEnd(table);
    const last = page.locator(`[data-testid="error-row"][data-row-no="${rows + 1}"]`);
    await last.waitFor({ timeout: 10_000 });
    expect(await last.textContent()).toContain(`"${rows} EUR" is not a number`);
    expect(await inPage.count()).toBeLessThan(60);

    await page.getByTestId('export-csv').click();
    await expect
      .poll(() => page.getByTestId('export-result').textContent(), { timeout: 60_000 })
      .toBe(`Exported 100,000 rows to ${report}`);
    expect(readFileSync(report, 'utf8').split('\r\n').length).toBe(rows + 2);
    expect(pageErrors).toEqual([]);
  });

  it('takes batch metadata typed in the import area, and moves on to the next part after each import', async () => {
    const dir = tempDir();
    for (const name of ['monday.csv', 'tuesday.csv']) {
      await writeCatalogCsv(join(dir, name), 20, (i) => catalogRow((name === 'monday.csv' ? 0 : 100) + i));
    }
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    await saveSettings(page, mongoUri, uniqueDbName('e2e_fields'), 'W-FIELDS');
    await page.getByTestId('batch-fields').locator('summary').click();
    await page.getByLabel('Batch ID').fill('SPRING-26');
    await page.getByLabel('Part', { exact: true }).fill('2');
    await page.getByLabel('Total parts').fill('3');
    await dropFiles(page, [{ name: 'monday.csv', content: '' }]);
    await startImports(page, ['monday.csv']);
    await expect.poll(() => page.getByLabel('Part', { exact: true }).inputValue()).toBe('3');
    await dropFiles(page, [{ name: 'tuesday.csv', content: '' }]);
    await startImports(page, ['tuesday.csv']);
    // The last part is in: the fields are cleared for the next upload.
    await expect.poll(() => page.getByLabel('Batch ID').inputValue()).toBe('');

    await page.getByTestId('nav-batches').click();
    const batch = page.locator('[data-testid="batch-group"][data-batch-id="SPRING-26"]');
    await expect.poll(() => batch.getByTestId('batch-state').textContent(), { timeout: 30_000 }).toBe('Incomplete');
    expect(await batch.getByTestId('batch-missing').textContent()).toBe('Missing part 1');
    expect(await batch.getByTestId('batch-origin').textContent()).toBe('from import dialog/CLI');
    await batch.getByTestId('batch-toggle').click();
    expect(await attributeOfAll(batch.getByTestId('batch-part'), 'data-part')).toEqual(['2', '3']);
    expect(pageErrors).toEqual([]);
  });
});
