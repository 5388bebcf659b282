import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { tempDir } from '../support/temp';
import { openApp, rendererSuite, SCREENSHOTS } from './page';

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
});
