import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { saveSource } from '../../src/main/core/store/sources';
import { defaultSource } from '../../src/preload/contract';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { tempDir, uniqueDbName } from '../support/temp';
import { attributeOfAll, dropFiles, openApp, rendererSuite, saveSettings, screenshotBothThemes } from './page';

const mongoUri = inject('mongoUri');

/** Rows per file: enough chunks of 500 for each sync to last long enough to watch, pause and cancel. */
const ROWS = 40_000;
/** A row of the ERP export whose cost is not a number. */
const BAD_COST_ROW = 7;

/** An ERP export whose headers no synonym knows: it cannot be imported until its mapping is edited. */
async function writeErpExport(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('Code;Desc;Cost;Internal\n');
  for (let i = 1; i <= rows; i++) {
    const cost = i + 1 === BAD_COST_ROW ? 'on request' : `${i % 900}.50`;
    if (!out.write(`ERP-${i};Valve ${i};${cost};note ${i}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const card = (page: Page, name: string): Locator =>
  page.locator(`[data-testid="pending-file"][data-file-name="${name}"]`);
const jobRow = (page: Page, name: string): Locator => page.locator('[data-testid="job-row"]', { hasText: name });

/**
 * Progress values each named job's bar shows, read as fast as the page answers until every job is
 * in a final state or `until` holds: what a user watching the bars would see.
 */
async function watchProgress(
  page: Page,
  names: readonly string[],
  until: () => Promise<boolean>,
): Promise<Map<string, Set<string>>> {
  const seen = new Map(names.map((name) => [name, new Set<string>()]));
  const deadline = Date.now() + 120_000;
  while (!(await until())) {
    if (Date.now() > deadline) throw new Error('the jobs did not get there in 2 minutes');
    for (const name of names) {
      const [value] = await attributeOfAll(jobRow(page, name).locator('progress'), 'value');
      if (value) seen.get(name)?.add(value);
    }
  }
  return seen;
}

describe('the import workflow in Chromium: preview, mapping, start, watch, pause, cancel', () => {
  const suite = rendererSuite();

  it('maps an unknown export in the preview, runs two files side by side, pauses one and cancels another', async () => {
    const dir = tempDir();
    const database = uniqueDbName('e2e_flow');
    await writeErpExport(join(dir, 'erp-export.csv'), ROWS);
    await writeCatalogCsv(join(dir, 'catalog.csv'), ROWS);
    await writeCatalogCsv(join(dir, 'late.csv'), ROWS, (i) => ({ ...catalogRow(i), entity_code: `LATE-${i}` }));
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    // A source that takes a whole file as one job, in small chunks.
    saveSource(harness.engine.db, {
      ...defaultSource({ database, collection: 'products', wholesalerId: 'W-FLOW' }, 'Bulk'),
      limits: {
        ...defaultSource({ database, collection: '', wholesalerId: '' }).limits,
        oversize: 'accept',
        chunkSize: 500,
      },
    });
    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    await saveSettings(page, mongoUri, database, 'W-FLOW');
    await page.getByTestId('import-source').selectOption({ label: `Bulk (${database}.products)` });

    // Two files at once: both previewed; the export cannot go until it has an entity_code.
    await dropFiles(page, [
      { name: 'erp-export.csv', content: '' },
      { name: 'catalog.csv', content: '' },
    ]);
    const erp = card(page, 'erp-export.csv');
    const catalog = card(page, 'catalog.csv');
    await catalog.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
    expect(await catalog.getByTestId('preview-format').textContent()).toBe('CSV · UTF-8 · comma-separated');
    expect(await catalog.getByTestId('preview-row').count()).toBe(50);
    await expect
      .poll(() => erp.getByTestId('preview-problem').textContent())
      .toContain('no column gives the entity_code');
    expect(await erp.getAttribute('data-ready')).toBe('false');
    expect(await page.getByTestId('start-all').textContent()).toBe('Start 1 of 2 ready');
    expect(await attributeOfAll(erp.getByTestId('mapping-row'), 'data-column')).toEqual([
      'Code',
      'Desc',
      'Cost',
      'Internal',
    ]);

    // The mapping edited: Code is the key, Desc the name, Cost a number, Internal left out.
    await erp.getByLabel('Field for column Code').fill('entity_code');
    await erp.getByLabel('Column Code is required').check();
    await erp.getByLabel('Field for column Desc').fill('name');
    await erp.getByLabel('Field for column Cost').fill('price.net');
    await erp.getByLabel('Type of column Cost').selectOption('number');
    await erp.getByLabel('Field for column Internal').fill('');
    await erp.and(page.locator('[data-ready="true"]')).waitFor({ timeout: 10_000 });
    await expect
      .poll(() => attributeOfAll(erp.getByTestId('mapping-row'), 'data-field'))
      .toEqual(['entity_code', 'name', 'price.net', '']);
    const firstRow = erp.getByTestId('preview-row').first();
    expect(await firstRow.locator('[data-field="entity_code"]').textContent()).toBe('ERP-1');
    expect(await firstRow.locator('[data-field="price"]').textContent()).toBe('{"net":1.5}');
    expect(await erp.locator('[data-field="Internal"]').count()).toBe(0);
    expect(await attributeOfAll(erp.getByTestId('preview-error'), 'data-row-no')).toEqual([String(BAD_COST_ROW)]);
    expect(await erp.getByTestId('preview-error').getAttribute('data-column')).toBe('Cost');
    expect(await erp.getByTestId('mapping-matched').allTextContents()).toEqual([
      'changed here',
      'changed here',
      'changed here',
      'left out',
    ]);
    expect(await page.getByTestId('start-all').textContent()).toBe('Start all (2)');
    await screenshotBothThemes(page, 'e2e-import-preview');

    // Both start and run side by side, each with its own bar.
    await page.getByTestId('start-all').click();
    await page.getByTestId('pending-files').waitFor({ state: 'detached' });
    const erpJob = jobRow(page, 'erp-export.csv');
    const catalogJob = jobRow(page, 'catalog.csv');
    const syncing = async (row: Locator): Promise<boolean> =>
      (await row.getAttribute('data-state')) === 'syncing' &&
      Number((await attributeOfAll(row.locator('progress'), 'value'))[0] ?? 0) >= 5;
    const seen = await watchProgress(
      page,
      ['erp-export.csv', 'catalog.csv'],
      async () => (await syncing(erpJob)) && (await syncing(catalogJob)),
    );
    expect(await erpJob.locator('progress').getAttribute('max')).toBe(String(ROWS / 500));

    // The catalog paused mid-sync holds where it is, and goes on when resumed.
    await catalogJob.getByRole('button', { name: 'Pause the import of catalog.csv' }).click();
    await catalogJob.and(page.locator('[data-state="paused"]')).waitFor({ timeout: 10_000 });
    const heldAt = await catalogJob.locator('progress').getAttribute('value');
    await page.waitForTimeout(1000);
    expect(await catalogJob.locator('progress').getAttribute('value')).toBe(heldAt);
    await screenshotBothThemes(page, 'e2e-import-running');
    await catalogJob.getByRole('button', { name: 'Resume the import of catalog.csv' }).click();

    const finished = async (row: Locator): Promise<boolean> =>
      ['completed', 'completed_with_errors'].includes((await row.getAttribute('data-state')) ?? '');
    const after = await watchProgress(
      page,
      ['erp-export.csv', 'catalog.csv'],
      async () => (await finished(erpJob)) && (await finished(catalogJob)),
    );
    for (const name of ['erp-export.csv', 'catalog.csv']) {
      const values = [...(seen.get(name) ?? []), ...(after.get(name) ?? [])].map(Number);
      // The bar moved: several values between empty and full were on screen.
      expect(new Set(values.filter((v) => v > 0 && v < ROWS / 500)).size, name).toBeGreaterThan(2);
    }
    expect(await erpJob.getAttribute('data-state')).toBe('completed_with_errors');
    expect(await erpJob.getByTestId('rows-written').textContent()).toBe((ROWS - 1).toLocaleString('en-US'));
    expect(await erpJob.getByTestId('rows-failed').textContent()).toBe('1');
    expect(await catalogJob.getAttribute('data-state')).toBe('completed');
    expect(await catalogJob.getByTestId('rows-written').textContent()).toBe(ROWS.toLocaleString('en-US'));

    // A third file, cancelled while it syncs: it stops after its chunk in flight.
    await dropFiles(page, [{ name: 'late.csv', content: '' }]);
    await card(page, 'late.csv').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 30_000 });
    await card(page, 'late.csv').getByTestId('start-import').click();
    const lateJob = jobRow(page, 'late.csv');
    await watchProgress(page, ['late.csv'], () => syncing(lateJob));
    await lateJob.getByRole('button', { name: 'Cancel the import of late.csv' }).click();
    await lateJob.and(page.locator('[data-state="cancelled"]')).waitFor({ timeout: 10_000 });

    const products = suite.mongo().db(database).collection('products');
    expect(await products.countDocuments({ entity_code: /^ERP-/ })).toBe(ROWS - 1);
    const product = { _id: 0, entity_code: 1, name: 1, price: 1, wholesaler_id: 1, Internal: 1, Code: 1 };
    expect(await products.findOne({ entity_code: 'ERP-1' }, { projection: product })).toEqual({
      entity_code: 'ERP-1',
      name: 'Valve 1',
      price: { net: 1.5 },
      wholesaler_id: 'W-FLOW',
    });
    expect(await products.countDocuments({ entity_code: /^SKU-/ })).toBe(ROWS);
    const lateWritten = await products.countDocuments({ entity_code: /^LATE-/ });
    expect(lateWritten).toBeGreaterThan(0);
    expect(lateWritten).toBeLessThan(ROWS);
    expect(await lateJob.getByTestId('rows-written').textContent()).toBe(lateWritten.toLocaleString('en-US'));
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
