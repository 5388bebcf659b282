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
    const scheduling = { concurrency: 16, rateLimitMax: 30, rateLimitDurationMs: 60_000, retries: 5 };
    expect(engineConfig({})).toEqual({
      limits: {
        maxBatchSize: 10_000,
        warnBatchSize: 5_000,
        chunkSize: 1000,
        timeoutMinutes: 60,
        oversize: 'split',
        ...scheduling,
      },
      stageBatchRows: 2000,
      workerHeapMb: 256,
      retentionDays: 7,
      workerConcurrency: 2,
      retryBaseDelayMs: 1000,
      monitorIntervalMs: 3000,
      batchWindowMs: 600_000,
      memoryAlertMb: 1536,
      previewTimeoutMs: 20_000,
      leaseTtlMs: 30_000,
    });
    expect(
      engineConfig({
        IMPORT_CHUNK_SIZE: '250',
        IMPORT_MAX_BATCH_SIZE: '50000',
        IMPORT_WARN_BATCH_SIZE: '20000',
        IMPORT_JOB_TIMEOUT_MINUTES: '5',
        IMPORT_OVERSIZE_POLICY: 'reject',
        IMPORT_WORKER_CONCURRENCY: '4',
        IMPORT_RATE_LIMIT_MAX: '10',
        IMPORT_RATE_LIMIT_DURATION_MS: '1000',
        IMPORT_SYNC_RETRIES: '0',
      }).limits,
    ).toEqual({
      maxBatchSize: 50_000,
      warnBatchSize: 20_000,
      chunkSize: 250,
      timeoutMinutes: 5,
      oversize: 'reject',
      concurrency: 16,
      rateLimitMax: 10,
      rateLimitDurationMs: 1000,
      retries: 0,
    });
    // A source with no concurrency of its own is held only by the app's jobs at once.
    expect(engineConfig({ IMPORT_WORKER_CONCURRENCY: '4' }).workerConcurrency).toBe(4);
    expect(engineConfig({ IMPORT_LEASE_TTL_MS: '2000' }).leaseTtlMs).toBe(2000);
    expect(engineConfig({ IMPORT_PREVIEW_TIMEOUT_MS: '1500' }).previewTimeoutMs).toBe(1500);
  });

  it('refuses an unknown oversize policy', () => {
    expect(() => engineConfig({ IMPORT_OVERSIZE_POLICY: 'ignore' })).toThrow(
      'IMPORT_OVERSIZE_POLICY must be one of reject, split, accept, got "ignore"',
    );
  });

  it.each(['0', '-5', '1.5', 'many', '20000'])('refuses IMPORT_CHUNK_SIZE=%s with a clear message', (value) => {
    expect(() => engineConfig({ IMPORT_CHUNK_SIZE: value })).toThrow(
      `IMPORT_CHUNK_SIZE must be a whole number from 1 to 10,000, got "${value}"`,
    );
  });

  it('refuses a timeout longer than a timer can wait', () => {
    expect(() => engineConfig({ IMPORT_JOB_TIMEOUT_MINUTES: '100000' })).toThrow(
      'IMPORT_JOB_TIMEOUT_MINUTES must be a whole number from 1 to 43,200, got "100000"',
    );
  });
});
