import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ColumnRule, SourceInput } from '../../src/preload/contract';
import { tempDir } from '../support/temp';
import { openApp, rendererSuite, screenshotBothThemes } from './page';

/** The rules typed into the form, and what main must store for them. */
const RULES: ColumnRule[] = [
  { column: 'Artikelnummer', field: 'entity_code', type: 'string', required: true },
  { column: 'Preis', field: 'price', type: 'number', required: false },
  { column: 'Intern', field: null, type: 'string', required: false },
];

/** What the form below says, as main must store it. */
const SAVED: SourceInput = {
  name: 'Grossiste Dupont',
  database: 'pim',
  collection: 'products',
  wholesalerId: 'W-FR',
  columns: RULES,
  unmapped: 'import',
  decimalSeparator: ',',
  trim: true,
  blanks: 'absent',
  duplicates: 'error',
  encoding: null,
  delimiter: ';',
  sheet: null,
  historyCollection: null,
  limits: {
    maxBatchSize: null,
    warnBatchSize: null,
    chunkSize: 500,
    timeoutMinutes: null,
    oversize: 'reject',
    concurrency: null,
    rateLimitMax: null,
    rateLimitDurationMs: null,
    retries: null,
  },
};

/** Whether the element has the page's focus; test code compiles without the DOM library. */
function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (element) => (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement === element,
  );
}

describe('sources in the renderer', () => {
  const suite = rendererSuite();

  it('creates, lists, edits and deletes a source; what main refuses is shown in the form and nothing is saved', async () => {
    const dir = tempDir();
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    const stored = (): { definition: SourceInput; updatedAt: string }[] =>
      (
        harness.engine.db.prepare('SELECT definition, updated_at FROM sources ORDER BY name').all() as {
          definition: string;
          updated_at: string;
        }[]
      ).map((row) => ({ definition: JSON.parse(row.definition) as SourceInput, updatedAt: row.updated_at }));
    const { page, errors } = await openApp(suite.browser(), harness);

    // The fourth tab, before Settings, reached with the tabs' keyboard model.
    await page.getByTestId('nav-imports').focus();
    await page.keyboard.press('End');
    expect(await page.getByTestId('nav-settings').getAttribute('aria-selected')).toBe('true');
    expect(await isFocused(page.getByTestId('nav-settings'))).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('nav-imports').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await isFocused(page.getByTestId('nav-sources'))).toBe(true);
    await page.locator('#panel-sources').waitFor();

    const empty = page.getByTestId('sources-empty');
    expect(await empty.textContent()).toContain('A source is a named import profile');
    expect(await empty.textContent()).toContain('Choose “New source” to create one.');

    // A new source: the target, a decimal comma, a delimiter, a limit, and three column rules.
    await page.getByTestId('new-source').click();
    const form = page.getByTestId('source-form');
    expect(await isFocused(form.getByLabel('Name', { exact: true }))).toBe(true);
    await form.getByLabel('Name', { exact: true }).fill(SAVED.name);
    await form.getByLabel('Database', { exact: true }).fill(SAVED.database);
    await form.getByLabel('Collection', { exact: true }).fill(SAVED.collection);
    await form.getByLabel('Wholesaler ID').fill(SAVED.wholesalerId);
    await form.getByLabel('Decimal separator').selectOption(',');
    await form.getByLabel('Delimiter (CSV)').selectOption(';');
    await form.getByLabel('Chunk size (rows)').fill('500');
    await form.getByLabel('Above max batch size').selectOption('reject');
    const rules = form.getByTestId('rule-row');
    for (const rule of RULES) {
      await form.getByTestId('add-rule').click();
      // The new rule's column has the focus.
      await page.keyboard.type(rule.column);
      const row = rules.last();
      if (rule.field === null) await row.getByLabel('Leave out').check();
      else await row.getByLabel('Field').fill(rule.field);
      await row.getByLabel('Type').selectOption(rule.type);
      if (rule.required) await row.getByLabel('Required').check();
    }
    // A fourth rule, removed again.
    await form.getByTestId('add-rule').click();
    await rules.last().getByLabel('Column in file').fill('Notiz');
    expect(await rules.count()).toBe(4);
    await rules.last().getByRole('button', { name: 'Remove rule 4 (Notiz)' }).click();
    expect(await rules.count()).toBe(3);

    await page.getByTestId('source-save').click();
    const status = page.getByTestId('source-status');
    await expect.poll(() => status.textContent()).toBe('Saved');
    const row = page.locator('[data-testid="source-row"][data-source-name="Grossiste Dupont"]');
    expect(await row.locator('td').allTextContents()).toEqual([
      'Grossiste Dupont',
      'pim.products',
      'W-FR',
      '3',
      expect.any(String),
      'Edit',
    ]);
    const first = stored();
    expect(first.map((source) => source.definition)).toEqual([SAVED]);
    await screenshotBothThemes(page, 'e2e-sources-view');

    // Reopened, the form shows what was saved; a changed collection is saved over it.
    await page.getByTestId('source-close').click();
    expect(await form.count()).toBe(0);
    await row.getByRole('button', { name: 'Edit source Grossiste Dupont' }).click();
    expect(await form.getByLabel('Chunk size (rows)').inputValue()).toBe('500');
    expect(await form.getByLabel('Decimal separator').inputValue()).toBe(',');
    expect(await rules.count()).toBe(3);
    expect(await rules.nth(0).getByLabel('Required').isChecked()).toBe(true);
    expect(await rules.nth(1).getByLabel('Type').inputValue()).toBe('number');
    expect(await rules.nth(2).getByLabel('Leave out').isChecked()).toBe(true);
    await form.getByLabel('Collection', { exact: true }).fill('products_fr');
    await page.getByTestId('source-save').click();
    await expect.poll(() => status.textContent()).toBe('Saved');
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('pim.products_fr');
    const second = stored();
    expect(second.map((source) => source.definition)).toEqual([{ ...SAVED, collection: 'products_fr' }]);
    expect(second[0]?.updatedAt).not.toBe(first[0]?.updatedAt);

    // What main refuses: its message, next to the form, and nothing saved.
    await form.getByLabel('Chunk size (rows)').fill('20000');
    await page.getByTestId('source-save').click();
    await expect.poll(() => status.textContent()).toBe('saveSource argument 2.limits.chunkSize may be at most 10,000');
    expect(await status.getAttribute('class')).toBe('status-error');
    await form.getByLabel('Chunk size (rows)').fill('500');
    await form.getByLabel('Name', { exact: true }).fill('  ');
    await page.getByTestId('source-save').click();
    await expect.poll(() => status.textContent()).toBe('Source "": the source needs a name');
    // Text that is not a number never reaches main.
    await form.getByLabel('Name', { exact: true }).fill(SAVED.name);
    await form.getByLabel('Chunk size (rows)').fill('five hundred');
    await page.getByTestId('source-save').click();
    await expect.poll(() => status.textContent()).toBe('Chunk size (rows): “five hundred” is not a whole number');
    expect(stored()).toEqual(second);

    // Delete asks in the page first; Cancel keeps the source.
    await page.getByTestId('source-delete').click();
    const question = form.getByRole('group', { name: /^Delete source/ });
    expect(await question.textContent()).toContain(
      'Delete source “Grossiste Dupont”? Jobs created under it keep their copy.',
    );
    expect(await isFocused(question.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await question.getByRole('button', { name: 'Cancel' }).click();
    expect(await isFocused(page.getByTestId('source-delete'))).toBe(true);
    expect(stored()).toHaveLength(1);
    await page.getByTestId('source-delete').click();
    await page.getByTestId('source-delete-confirm').click();
    await expect.poll(() => page.getByTestId('source-row').count()).toBe(0);
    expect(await page.getByTestId('sources-status').textContent()).toBe('Deleted source “Grossiste Dupont”.');
    expect(await empty.isVisible()).toBe(true);
    expect(await form.count()).toBe(0);
    expect(stored()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
