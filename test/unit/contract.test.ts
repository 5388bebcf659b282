import { describe, expect, it } from 'vitest';
import { ArgumentError, checkArguments, METHOD_NAMES, type Handlers } from '../../src/preload/contract';
import { dispatch } from '../../src/main/api';
import { source } from '../support/profile';

const goodSettings = { mongoUri: 'mongodb://h/', database: 'pim', collection: 'products', wholesalerId: 'W-1' };

/** Handlers that only record what reached them, to prove that refused calls reach nothing. */
function recordingHandlers(): { handlers: Handlers; calls: string[] } {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      (...args: unknown[]) => {
        calls.push(`${name}(${JSON.stringify(args)})`);
        return Promise.resolve([]);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('the IPC contract', () => {
  it('accepts arguments of the declared shape', () => {
    expect(checkArguments('saveSettings', [goodSettings])).toEqual([goodSettings]);
    expect(checkArguments('importFiles', [['/a.csv', '/b.csv'], null, null, null])).toEqual([
      ['/a.csv', '/b.csv'],
      null,
      null,
      null,
    ]);
    expect(checkArguments('listJobs', [])).toEqual([]);
    expect(checkArguments('saveSource', [null, source()])).toEqual([null, source()]);
  });

  it.each([
    ['listJobs', [1], 'listJobs takes 0 argument(s), got 1'],
    ['importFiles', ['/a.csv', null, null, null], 'importFiles argument 1 must be a list'],
    ['importFiles', [[42], null, null, null], 'importFiles argument 1[0] must be a string'],
    [
      'importFiles',
      [Array.from({ length: 101 }, () => 'x'), null, null, null],
      'importFiles argument 1 has more than 100 items',
    ],
    ['importFiles', [['/a.csv'], 3, null, null], 'importFiles argument 2 must be a string'],
    [
      'importFiles',
      [['/a.csv'], null, { batchId: 'b', part: 2, totalParts: 3 }, null],
      'importFiles argument 3.totalItems must be a whole number above 0',
    ],
    ['importFiles', [['/a.csv'], null, null], 'importFiles takes 4 argument(s), got 3'],
    [
      'previewFile',
      ['/a.csv', null, [{ column: 'SKU', field: 'entity_code', type: 'string' }]],
      'previewFile argument 3[0].required must be true or false',
    ],
    ['saveMapping', [null, 7, []], 'saveMapping argument 2 must be a string'],
    ['saveSource', [null, { ...source(), trim: 'yes' }], 'saveSource argument 2.trim must be true or false'],
    [
      'saveSource',
      [null, { ...source(), blanks: 'zero' }],
      'saveSource argument 2.blanks must be one of absent, empty',
    ],
    [
      'saveSource',
      [null, { ...source(), columns: [{ column: 'a', field: 'b', type: 'money', required: false }] }],
      'saveSource argument 2.columns[0].type must be one of string, number, integer, boolean, date, gtin',
    ],
    [
      'saveSource',
      [null, { ...source(), limits: { ...source().limits, maxBatchSize: 0.5 } }],
      'saveSource argument 2.limits.maxBatchSize must be a whole number above 0',
    ],
    ['saveSource', [null, { ...source(), delimiter: ':' }], 'saveSource argument 2.delimiter must be one of'],
    [
      'saveSource',
      [null, { ...source(), limits: { ...source().limits, timeoutMinutes: 99_999 } }],
      'saveSource argument 2.limits.timeoutMinutes may be at most 43,200',
    ],
    [
      'saveSource',
      [null, { ...source(), limits: { ...source().limits, chunkSize: 1e9 } }],
      'saveSource argument 2.limits.chunkSize may be at most 10,000',
    ],
    ['saveSettings', [{ ...goodSettings, database: 7 }], 'saveSettings argument 1.database must be a string'],
    ['saveSettings', [{ ...goodSettings, admin: true }], 'saveSettings argument 1 has unknown field admin'],
    ['saveSettings', [{ ...goodSettings, mongoUri: 'x'.repeat(5000) }], 'longer than 4096 characters'],
    ['saveSettings', [null], 'saveSettings argument 1 must be an object'],
    ['cancelJob', [7], 'cancelJob argument 1 must be a string'],
    ['cancelPreview', [{ path: '/a.csv' }], 'cancelPreview argument 1 must be a string'],
    ['cancelPreview', ['x'.repeat(5000)], 'cancelPreview argument 1 is longer than 4096 characters'],
    ['cancelPreview', [], 'cancelPreview takes 1 argument(s), got 0'],
  ] as const)('refuses %s(%j)', (method, args, message) => {
    expect(() => checkArguments(method, [...args])).toThrow(ArgumentError);
    expect(() => checkArguments(method, [...args])).toThrow(message);
  });

  it('dispatches valid calls and refuses malformed ones before any handler runs', async () => {
    const { handlers, calls } = recordingHandlers();
    await expect(dispatch(handlers, 'importFiles', [['/a.csv'], null, null, null])).resolves.toEqual([]);
    await expect(dispatch(handlers, 'dropDatabase', [])).rejects.toThrow('unknown method dropDatabase');
    await expect(dispatch(handlers, 'toString', [])).rejects.toThrow('unknown method toString');
    await expect(dispatch(handlers, 'importFiles', 'not-a-list')).rejects.toThrow('arguments must be a list');
    await expect(dispatch(handlers, 'importFiles', [[{}], null, null, null])).rejects.toThrow(ArgumentError);
    expect(calls).toEqual(['importFiles([["/a.csv"],null,null,null])']);
  });
});

describe('the app-wide limits and folders in the contract', () => {
  const limits = { workerConcurrency: 4, rateLimitMax: 10, rateLimitDurationMs: 1000, retentionDays: 30 };

  it('accepts limits in range, null for the environment default, and the app’s own folders', () => {
    expect(checkArguments('saveAppLimits', [limits])).toEqual([limits]);
    const defaults = { workerConcurrency: null, rateLimitMax: null, rateLimitDurationMs: null, retentionDays: null };
    expect(checkArguments('saveAppLimits', [defaults])).toEqual([defaults]);
    expect(checkArguments('openAppFolder', ['logs'])).toEqual(['logs']);
  });

  it.each([
    [{ ...limits, workerConcurrency: 17 }, 'saveAppLimits argument 1.workerConcurrency may be at most 16'],
    [{ ...limits, workerConcurrency: 0 }, 'saveAppLimits argument 1.workerConcurrency must be a whole number above 0'],
    [{ ...limits, rateLimitMax: 2.5 }, 'saveAppLimits argument 1.rateLimitMax must be a whole number above 0'],
    [{ ...limits, rateLimitDurationMs: '60000' }, 'argument 1.rateLimitDurationMs must be a whole number above 0'],
    [{ ...limits, retentionDays: 3651 }, 'saveAppLimits argument 1.retentionDays may be at most 3,650'],
    [{ ...limits, retentionDays: -1 }, 'saveAppLimits argument 1.retentionDays must be a whole number above 0'],
    [{ workerConcurrency: 4 }, 'saveAppLimits argument 1.rateLimitMax must be a whole number above 0'],
    [{ ...limits, dataDir: '/tmp' }, 'saveAppLimits argument 1 has unknown field dataDir'],
  ])('refuses saveAppLimits(%j)', (input, message) => {
    expect(() => checkArguments('saveAppLimits', [input])).toThrow(ArgumentError);
    expect(() => checkArguments('saveAppLimits', [input])).toThrow(message);
  });

  it('opens only the app’s own folders, never a path the page names', async () => {
    const { handlers, calls } = recordingHandlers();
    await expect(dispatch(handlers, 'openAppFolder', ['/etc'])).rejects.toThrow(
      'openAppFolder argument 1 must be one of data, logs',
    );
    await expect(dispatch(handlers, 'openAppFolder', [])).rejects.toThrow('openAppFolder takes 1 argument(s), got 0');
    await expect(dispatch(handlers, 'saveAppLimits', [{ ...limits, retentionDays: 1e6 }])).rejects.toThrow(
      'may be at most 3,650',
    );
    expect(calls).toEqual([]);
  });
});
