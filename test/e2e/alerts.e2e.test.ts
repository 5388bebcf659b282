import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { tempDir, uniqueDbName } from '../support/temp';
import { dropFiles, startImports, openApp, rendererSuite, saveSettings, SCREENSHOTS } from './page';

const mongoUri = inject('mongoUri');

describe('alerts in the renderer', () => {
  const suite = rendererSuite();

  it('shows memory pressure and a high error rate as notices the user can dismiss', async () => {
    const dir = tempDir();
    // 30 of 200 rows have no price a number can be read from: 15%.
    await writeCatalogCsv(join(dir, 'sloppy.csv'), 200, (i) => ({
      ...catalogRow(i),
      price: i % 20 < 3 ? 'ask' : catalogRow(i).price,
    }));
    // Any app is above a 1 MB threshold: the alert shows as soon as the page asks.
    const harness = await suite.start({
      dataDir: join(dir, 'data'),
      uploadDir: dir,
      pickFiles: () => Promise.resolve([]),
      memoryAlertMb: 1,
    });
    const { page, errors } = await openApp(suite.browser(), harness);
    const memory = page.locator('[data-testid="alert"][data-kind="memory"]');
    await expect.poll(() => memory.textContent()).toMatch(/^Memory pressure: the app uses [\d,]+ MB \(alert at 1 MB\)/);

    await saveSettings(page, mongoUri, uniqueDbName('e2e_alerts'), 'W-ALERT');
    await dropFiles(page, [{ name: 'sloppy.csv', content: '' }]);
    await startImports(page, ['sloppy.csv']);
    const rate = page.locator('[data-testid="alert"][data-kind="error_rate"]');
    await expect
      .poll(() => rate.textContent(), { timeout: 30_000 })
      .toBe('High error rate in sloppy.csv: 15% of rows failed (30 of 200).×');
    await page.screenshot({ path: join(SCREENSHOTS, 'e2e-alerts.png'), animations: 'disabled' });
    await rate.getByRole('button').click();
    await expect.poll(() => rate.count()).toBe(0);
    expect(await memory.count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
