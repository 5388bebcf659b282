import { describe, expect, it } from 'vitest';
import { engineForEachTest } from '../support/engine';
import { testHandlers } from '../support/handlers';
import { mongoUri } from '../support/mongo';

describe('the MongoDB URI main accepts from the page', () => {
  const { dir, engine } = engineForEachTest();

  it.each([
    ['http://example.com/', 'must start with mongodb:// or mongodb+srv://'],
    [
      'mongodb://collector.example:27017/?authMechanism=MONGODB-AWS',
      'authMechanism=MONGODB-AWS is not offered: it signs in with this computer’s cloud credentials',
    ],
    ['mongodb+srv://x.example/?authmechanism=mongodb-oidc&appName=a', 'authMechanism=mongodb-oidc is not offered'],
    [
      'mongodb://db.example:27017/pim?retryWrites=true&w=0',
      'w=0 is refused: it asks MongoDB not to acknowledge writes',
    ],
  ])('refuses %s, to test or to save, storing nothing', async (uri, message) => {
    const api = testHandlers(engine(), dir());
    await expect(api.testConnection(uri)).rejects.toThrow(message);
    await expect(
      api.saveSettings({ mongoUri: uri, database: 'd', collection: 'c', wholesalerId: 'w' }),
    ).rejects.toThrow(message);
    expect((await api.getSettings()).mongoUriSet).toBe(false);
  });

  it('tests a URI with ordinary options against the server', async () => {
    const api = testHandlers(engine(), dir());
    const result = await api.testConnection(`${mongoUri()}?authMechanism=DEFAULT&appName=import-console`);
    expect(result).toMatchObject({ ok: true, message: null });
  });

  it('tests a URI made for secondary reads and lax writes: the job reads and writes its own way', async () => {
    const api = testHandlers(engine(), dir());
    const lax = 'readPreference=secondary&readPreferenceTags=dc:ny&maxStalenessSeconds=120&w=1&retryWrites=false';
    expect(await api.testConnection(`${mongoUri()}?${lax}`)).toMatchObject({ ok: true, message: null });
  });
});
