import { describe, expect, it } from 'vitest';
import { defaultDataDir, engineConfig } from '../../src/main/core/config';

describe('defaultDataDir', () => {
  it('matches the folder Electron gives the desktop app on each platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.config/Import Console');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/ann')).toBe('/cfg/Import Console');
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/Import Console');
    expect(defaultDataDir({ APPDATA: 'C:/Users/ann/AppData/Roaming' }, 'win32', 'C:/Users/ann')).toBe(
      'C:/Users/ann/AppData/Roaming/Import Console',
    );
  });

  it('lets IMPORT_CONSOLE_DATA_DIR win', () => {
    expect(defaultDataDir({ IMPORT_CONSOLE_DATA_DIR: '/data/q' }, 'linux', '/home/ann')).toBe('/data/q');
  });
});

describe('engineConfig', () => {
  it('has defaults and takes environment overrides', () => {
    expect(engineConfig({})).toEqual({ chunkSize: 1000, stageBatchRows: 2000, workerHeapMb: 256 });
    expect(engineConfig({ IMPORT_CHUNK_SIZE: '250' }).chunkSize).toBe(250);
  });

  it.each(['0', '-5', '1.5', 'many'])('refuses IMPORT_CHUNK_SIZE=%s with a clear message', (value) => {
    expect(() => engineConfig({ IMPORT_CHUNK_SIZE: value })).toThrow(
      `IMPORT_CHUNK_SIZE must be a whole number above 0, got "${value}"`,
    );
  });
});
