import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { tempDir } from '../support/temp';
import { openApp, rendererSuite, SCREENSHOTS, screenshotBothThemes } from './page';

const mongoUri = inject('mongoUri');

describe('settings in the renderer', () => {
  const suite = rendererSuite();

  it('tests a connection before saving: the server version, or the exact failure of a wrong port', async () => {
    const dir = tempDir();
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
    });
    const { page, errors } = await openApp(suite.browser(), harness);
    await page.getByTestId('nav-settings').click();
    const button = page.getByTestId('test-connection');
    const result = page.getByTestId('connection-test-result');
    // Nothing typed and nothing saved: nothing to test.
    expect(await button.isDisabled()).toBe(true);

    await page.getByLabel('MongoDB URI').fill(mongoUri);
    await button.click();
    const { version } = (await suite.mongo().db('admin').command({ buildInfo: 1 })) as { version: string };
    await expect
      .poll(() => result.textContent(), { timeout: 15_000 })
      .toMatch(
        new RegExp(`^Connected to 127\\.0\\.0\\.1:\\d+: MongoDB ${version.replace(/\./g, '\\.')} \\([\\d,]+ ms\\)$`),
      );

    await page.getByLabel('MongoDB URI').fill('mongodb://127.0.0.1:1/');
    await button.click();
    await expect
      .poll(() => result.textContent(), { timeout: 15_000 })
      .toMatch(/^Could not connect to 127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1 \([\d,]+ ms\)$/);
    // A test saves nothing.
    expect((await harness.engine.db.prepare('SELECT count(*) AS n FROM secrets').get()) as { n: number }).toEqual({
      n: 0,
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'e2e-settings-test-connection.png'), animations: 'disabled' });
    expect(errors).toEqual([]);
  });

  it('keeps the limits saved across a reload, applies them at once, shows what main refuses, and opens the data folder', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const harness = await suite.start({ dataDir, uploadDir: dir, pickFiles: () => Promise.resolve([]) });
    const { page, errors } = await openApp(suite.browser(), harness);
    const form = page.getByTestId('limits-form');
    const field = (label: string) => form.getByLabel(label, { exact: true });
    const status = page.getByTestId('limits-status');
    const save = async (values: Record<string, string>): Promise<void> => {
      for (const [label, value] of Object.entries(values)) await field(label).fill(value);
      await page.getByTestId('limits-save').click();
    };

    // The fifth tab. Nothing saved yet: every field empty, its default shown.
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => field('Jobs at once').getAttribute('placeholder')).toBe('default 2');
    expect(await field('Rate window (ms)').getAttribute('placeholder')).toBe('default 60,000');
    expect(await field('Keep sent rows (days)').inputValue()).toBe('');
    expect(await page.getByTestId('data-folder-path').textContent()).toBe(dataDir);
    expect(await page.getByTestId('logs-folder-path').textContent()).toBe(join(dataDir, 'logs'));

    await save({ 'Jobs at once': '4', 'Job starts per window': '12', 'Rate window (ms)': '30000' });
    await expect.poll(() => status.textContent()).toBe('Saved');
    // In force without a restart: the next job start, and jobs created from now on.
    expect(harness.engine.config.workerConcurrency).toBe(4);
    expect(harness.engine.profileFor({ wholesalerId: 'W', database: 'd', collection: 'c' }).limits).toMatchObject({
      rateLimitMax: 12,
      rateLimitDurationMs: 30_000,
    });

    await page.reload();
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => field('Jobs at once').inputValue()).toBe('4');
    expect(await field('Job starts per window').inputValue()).toBe('12');
    expect(await field('Rate window (ms)').inputValue()).toBe('30000');
    expect(await field('Keep sent rows (days)').inputValue()).toBe('');
    await screenshotBothThemes(page, 'e2e-settings-limits');

    // What main refuses: its message, and nothing saved.
    await save({ 'Keep sent rows (days)': '5000' });
    await expect.poll(() => status.textContent()).toBe('saveAppLimits argument 1.retentionDays may be at most 3,650');
    expect(await status.getAttribute('class')).toBe('status-error');
    await save({ 'Keep sent rows (days)': '', 'Jobs at once': 'four' });
    await expect.poll(() => status.textContent()).toBe('Jobs at once: “four” is not a whole number');
    expect(harness.engine.appLimits().saved).toEqual({
      workerConcurrency: 4,
      rateLimitMax: 12,
      rateLimitDurationMs: 30_000,
      retentionDays: null,
    });

    await page.getByTestId('open-data-folder').click();
    await page.getByTestId('open-logs-folder').click();
    await expect.poll(() => harness.openedPaths).toEqual([dataDir, join(dataDir, 'logs')]);
    expect(await page.getByTestId('folder-status').textContent()).toBe('');
    expect(errors).toEqual([]);
  });
});
