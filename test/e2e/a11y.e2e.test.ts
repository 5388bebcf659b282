import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { tempDir, uniqueDbName } from '../support/temp';
import { dropFiles, startImports, openApp, rendererSuite, saveSettings, SCREENSHOTS } from './page';

const mongoUri = inject('mongoUri');

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];
const VIEWS = ['imports', 'batches', 'errors', 'sources', 'settings'] as const;

/** The page background of each theme (--bg in styles.css), as getComputedStyle gives it. */
const BACKGROUNDS: Record<Theme, string> = { light: 'rgb(244, 245, 247)', dark: 'rgb(21, 24, 29)' };
/** Where the renderer keeps the theme choice (src/renderer/src/lib/theme.ts). */
const THEME_STORAGE_KEY = 'import-console.theme';

const ROWS = 20;
/** The rows whose price is not a number. */
const BAD = [4, 13];

/** The browser globals read here; test code compiles without the DOM library. */
interface ThemeGlobals {
  document: { body: unknown; documentElement: { dataset: Record<string, string | undefined> } };
  getComputedStyle: (element: unknown) => { backgroundColor: string };
  localStorage: { getItem: (key: string) => string | null };
}

/** The focused element; test code compiles without the DOM library. */
interface Focus {
  document: { activeElement: unknown };
}

/** What decides the look: the attribute on <html>, the stored choice, and the background that results. */
function themeState(page: Page): Promise<{ attribute: string | null; stored: string | null; background: string }> {
  return page.evaluate((key) => {
    const { document, getComputedStyle, localStorage } = globalThis as unknown as ThemeGlobals;
    return {
      attribute: document.documentElement.dataset.theme ?? null,
      stored: localStorage.getItem(key),
      background: getComputedStyle(document.body).backgroundColor,
    };
  }, THEME_STORAGE_KEY);
}

/** A violation as a reviewer needs it: the rule, why, where, and how to fix it. */
function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary ?? ''}`);
  return [
    `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} <${violation.helpUrl}>`,
    ...nodes,
  ].join('\n');
}

/** Runs axe for WCAG 2 A and AA; fails on serious or critical violations, listing them. */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const blocking = results.violations.filter(({ impact }) => impact === 'serious' || impact === 'critical');
  const message = `axe, ${where}:\n${blocking.map(describeViolation).join('\n')}`;
  expect(blocking, message).toEqual([]);
  // Lesser findings do not fail the run, but are worth seeing.
  const minor = results.violations.filter((violation) => !blocking.includes(violation));
  if (minor.length > 0) console.warn(`axe, ${where}, minor or moderate:\n${minor.map(describeViolation).join('\n')}`);
}

describe('accessibility of the renderer, light and dark', () => {
  const suite = rendererSuite();

  it('has no serious or critical axe violations in the Imports, Batches, Errors, Sources and Settings views, in either theme', async () => {
    const dir = tempDir();
    await writeCatalogCsv(join(dir, 'catalog_part1of2.csv'), ROWS, (i) => ({
      ...catalogRow(i),
      ...(BAD.includes(i) && { price: 'ask us' }),
    }));
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    await saveSettings(page, mongoUri, uniqueDbName('e2e_a11y'), 'W-A11Y');

    // Part 1 of 2 with two bad rows: an incomplete batch, a job with failures, error rows to list.
    await dropFiles(page, [{ name: 'catalog_part1of2.csv', content: '' }]);
    await startImports(page, ['catalog_part1of2.csv']);
    await page.locator('[data-testid="job-row"][data-state="completed_with_errors"]').waitFor({ timeout: 60_000 });
    // The batch fields open, so their inputs are checked too.
    await page.getByTestId('batch-fields').locator('summary').click();
    // The same file again waits in the view: its preview, the earlier-import warning, a mapping
    // edited (so the save controls show) and rows with errors are all checked.
    await dropFiles(page, [{ name: 'catalog_part1of2.csv', content: '' }]);
    const pending = page.getByTestId('pending-file');
    await pending.getByTestId('earlier-import').waitFor({ timeout: 30_000 });
    await pending.getByLabel('Field for column color').fill('attributes.color');
    await pending.getByTestId('save-mapping').waitFor();
    await expect.poll(() => pending.getByTestId('preview-error').count()).toBe(BAD.length);

    // Reviewing the batch's errors sets the scope the Errors view keeps from then on.
    await page.getByTestId('nav-batches').click();
    const batch = page.getByTestId('batch-group');
    await expect.poll(() => batch.getByTestId('batch-missing').textContent()).toBe('Missing part 2');
    await batch.getByTestId('batch-errors').click();
    await expect.poll(() => page.getByTestId('error-total').textContent()).toBe(String(BAD.length));

    // A saved source in the list, its form open below with column rules and the delete question
    // showing; the Sources view stays mounted, so all of it is there each time the tab shows.
    await page.getByTestId('nav-sources').click();
    await page.getByTestId('new-source').click();
    const form = page.getByTestId('source-form');
    await form.getByLabel('Name', { exact: true }).fill('Grossiste Dupont');
    for (const [column, field] of [
      ['Artikelnummer', 'entity_code'],
      ['Intern', null],
    ] as const) {
      await form.getByTestId('add-rule').click();
      const rule = form.getByTestId('rule-row').last();
      await rule.getByLabel('Column in file').fill(column);
      if (field === null) await rule.getByLabel('Leave out').check();
      else await rule.getByLabel('Field').fill(field);
    }
    await page.getByTestId('source-save').click();
    await expect.poll(() => page.getByTestId('source-status').textContent()).toBe('Saved');
    await page.getByTestId('source-delete').click();
    await page.getByTestId('source-delete-confirm').waitFor();

    // Settings with a limit saved and another refused, so both the values and main's message show.
    await page.getByTestId('nav-settings').click();
    const limits = page.getByTestId('limits-form');
    await limits.getByLabel('Jobs at once').fill('4');
    await limits.getByLabel('Keep sent rows (days)').fill('5000');
    await page.getByTestId('limits-save').click();
    await expect.poll(() => page.getByTestId('limits-status').textContent()).toContain('may be at most 3,650');

    for (const theme of THEMES) {
      // The system says the opposite, so what shows is the choice made in the header.
      await page.emulateMedia({ colorScheme: theme === 'dark' ? 'light' : 'dark' });
      await page.getByLabel('Theme', { exact: true }).selectOption(theme);
      expect(await themeState(page)).toEqual({ attribute: theme, stored: theme, background: BACKGROUNDS[theme] });

      for (const view of VIEWS) {
        await page.getByTestId(`nav-${view}`).click();
        await page.locator(`#panel-${view}`).waitFor();
        // The Batches and Errors views start over each time they show: open what they hide at first.
        if (view === 'batches') {
          await batch.getByTestId('batch-toggle').click();
          await batch.getByTestId('batch-part').waitFor();
        }
        if (view === 'errors') {
          // A pressed reason button has colours of its own.
          await page.getByTestId('error-group').click();
          await expect.poll(() => page.getByTestId('error-group').getAttribute('aria-pressed')).toBe('true');
          await expect.poll(() => page.getByTestId('error-row').count()).toBe(BAD.length);
        }
        if (view === 'sources') await page.getByTestId('source-row').waitFor();
        await expectAccessible(page, `${view} view, ${theme} theme`);
        await page.screenshot({
          path: join(SCREENSHOTS, `e2e-${view}-${theme}.png`),
          fullPage: true,
          animations: 'disabled',
        });
      }
    }
    expect(pageErrors).toEqual([]);
  });

  it('follows the system theme until a choice is made, keeps the choice across a reload, and is keyboard reachable', async () => {
    const dir = tempDir();
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    const { page, errors: pageErrors } = await openApp(suite.browser(), harness);
    const picker = page.getByLabel('Theme', { exact: true });

    // No choice made: the system's preference decides, and changes with it.
    expect(await picker.inputValue()).toBe('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await themeState(page)).toEqual({ attribute: null, stored: null, background: BACKGROUNDS.dark });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await themeState(page)).toEqual({ attribute: null, stored: null, background: BACKGROUNDS.light });

    // One tab stop after the view tabs.
    await page.getByTestId('nav-imports').focus();
    await page.keyboard.press('Tab');
    expect(
      await picker.evaluate((element) => (globalThis as unknown as Focus).document.activeElement === element),
    ).toBe(true);

    await picker.selectOption('dark');
    expect(await themeState(page)).toEqual({ attribute: 'dark', stored: 'dark', background: BACKGROUNDS.dark });
    await page.reload();
    // Applied before React renders, from what was stored.
    await page.getByTestId('drop-zone').waitFor();
    expect(await picker.inputValue()).toBe('dark');
    expect(await themeState(page)).toEqual({ attribute: 'dark', stored: 'dark', background: BACKGROUNDS.dark });

    // Back to the system's: nothing stored, and the preference decides again.
    await picker.selectOption('system');
    expect(await themeState(page)).toEqual({ attribute: null, stored: null, background: BACKGROUNDS.light });
    expect(pageErrors).toEqual([]);
  });
});
