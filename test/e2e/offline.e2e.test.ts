import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { FerretDbServer } from '../support/ferretdb';
import { tempDir, uniqueDbName } from '../support/temp';
import { dropFiles, startImports, openApp, rendererSuite, saveSettings, SCREENSHOTS } from './page';

describe('the connection badge in the renderer', () => {
  const suite = rendererSuite();

  it('turns offline when MongoDB stops, keeps the import waiting, and completes it when MongoDB is back', async () => {
    const dir = tempDir();
    await writeCatalogCsv(join(dir, 'before.csv'), 300);
    await writeCatalogCsv(join(dir, 'during.csv'), 300, (i) => catalogRow(1000 + i));
    // A server of this test's own, to take away and bring back.
    const server = await FerretDbServer.launch();
    try {
      const harness = await suite.start({
        dataDir: join(dir, 'data'),
        uploadDir: dir,
        pickFiles: () => Promise.resolve([]),
      });
      const { page, errors } = await openApp(suite.browser(), harness);
      const database = uniqueDbName('e2e_offline');
      await saveSettings(page, server.uri, database, 'W-OFF');
      const badge = page.getByTestId('connection');
      await dropFiles(page, [{ name: 'before.csv', content: '' }]);
      await startImports(page, ['before.csv']);
      const before = page.locator('[data-testid="job-row"]', { hasText: 'before.csv' });
      await before.and(page.locator('[data-state="completed"]')).waitFor({ timeout: 30_000 });

      await server.stop();
      await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('offline');
      expect(await badge.textContent()).toBe('MongoDB offline: imports wait and sync when it is back');
      await dropFiles(page, [{ name: 'during.csv', content: '' }]);
      await startImports(page, ['during.csv']);
      const during = page.locator('[data-testid="job-row"]', { hasText: 'during.csv' });
      await during.and(page.locator('[data-state="waiting"]')).waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(SCREENSHOTS, 'e2e-offline.png'), animations: 'disabled' });

      await server.start();
      await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('online');
      await during.and(page.locator('[data-state="completed"]')).waitFor({ timeout: 30_000 });
      expect(await during.getByTestId('rows-written').textContent()).toBe('300');
      expect(errors).toEqual([]);
    } finally {
      await server.destroy();
    }
  });
});
