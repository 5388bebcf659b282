import { describe, expect, it } from 'vitest';
import type { JobView } from '../../src/preload/contract';
import {
  elapsedMs,
  formatDuration,
  rateSeries,
  rowsPerSecond,
  secondsLeft,
  withSample,
  type Sample,
} from '../../src/renderer/src/features/jobs/throughput';

const job = (changes: Partial<JobView>): JobView =>
  ({
    state: 'syncing',
    rowsParsed: 0,
    rowsStaged: 100_000,
    rowsWritten: 0,
    rowsUnchanged: 0,
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    ...changes,
  }) as JobView;

describe('job throughput', () => {
  it('works out rows per second over the last five seconds, and the time left from it', () => {
    let samples: Sample[] = [];
    for (let s = 0; s <= 10; s++) samples = withSample(samples, job({ rowsWritten: s * 2000 }), s * 1000);
    const rate = rowsPerSecond(samples);
    expect(rate).toBe(2000);
    // 80,000 of 100,000 rows left at 2,000 a second.
    expect(secondsLeft(job({ rowsWritten: 20_000 }), rate)).toBe(40);
    expect(rateSeries(samples)).toEqual(Array(10).fill(2000));
  });

  it('starts a new series when the job moves from reading to syncing, and tells nothing too early', () => {
    let samples = withSample([], job({ state: 'parsing', rowsParsed: 50_000 }), 0);
    samples = withSample(samples, job({ state: 'parsing', rowsParsed: 100_000 }), 1000);
    expect(rowsPerSecond(samples)).toBe(50_000);
    samples = withSample(samples, job({ rowsWritten: 1000 }), 1200);
    expect(samples).toHaveLength(1);
    expect(rowsPerSecond(samples)).toBeNull();
    expect(secondsLeft(job({ state: 'parsing' }), 5000)).toBeNull();
  });

  it('counts elapsed time until now, or until the job ended, and says it plainly', () => {
    expect(elapsedMs(job({}), Date.parse('2026-11-30T10:03:20.000Z'))).toBe(200_000);
    expect(elapsedMs(job({ state: 'completed', updatedAt: '2026-11-30T10:00:45.000Z' }), Date.now())).toBe(45_000);
    expect([45_000, 200_000, 3_900_000].map(formatDuration)).toEqual(['45 s', '3 min 20 s', '1 h 05 min']);
  });
});
