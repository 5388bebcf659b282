import { describe, expect, it } from 'vitest';
import { ArgumentError, checkArguments, METHOD_NAMES, type Handlers } from '../../src/preload/contract';
import { dispatch } from '../../src/main/api';

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
    expect(checkArguments('importFiles', [['/a.csv', '/b.csv']])).toEqual([['/a.csv', '/b.csv']]);
    expect(checkArguments('listJobs', [])).toEqual([]);
  });

  it.each([
    ['listJobs', [1], 'listJobs takes 0 argument(s), got 1'],
    ['importFiles', ['/a.csv'], 'importFiles argument 1 must be a list'],
    ['importFiles', [[42]], 'importFiles argument 1[0] must be a string'],
    ['importFiles', [Array.from({ length: 101 }, () => 'x')], 'importFiles argument 1 has more than 100 items'],
    ['saveSettings', [{ ...goodSettings, database: 7 }], 'saveSettings argument 1.database must be a string'],
    ['saveSettings', [{ ...goodSettings, admin: true }], 'saveSettings argument 1 has unknown field admin'],
    ['saveSettings', [{ ...goodSettings, mongoUri: 'x'.repeat(5000) }], 'longer than 4096 characters'],
    ['saveSettings', [null], 'saveSettings argument 1 must be an object'],
    ['cancelJob', [7], 'cancelJob argument 1 must be a string'],
  ] as const)('refuses %s(%j)', (method, args, message) => {
    expect(() => checkArguments(method, [...args])).toThrow(ArgumentError);
    expect(() => checkArguments(method, [...args])).toThrow(message);
  });

  it('dispatches valid calls and refuses malformed ones before any handler runs', async () => {
    const { handlers, calls } = recordingHandlers();
    await expect(dispatch(handlers, 'importFiles', [['/a.csv']])).resolves.toEqual([]);
    await expect(dispatch(handlers, 'dropDatabase', [])).rejects.toThrow('unknown method dropDatabase');
    await expect(dispatch(handlers, 'toString', [])).rejects.toThrow('unknown method toString');
    await expect(dispatch(handlers, 'importFiles', 'not-a-list')).rejects.toThrow('arguments must be a list');
    await expect(dispatch(handlers, 'importFiles', [[{}]])).rejects.toThrow(ArgumentError);
    expect(calls).toEqual(['importFiles([["/a.csv"]])']);
  });
});
