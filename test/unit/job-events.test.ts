import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobView } from '../../src/preload/contract';
import { forwardJobEvents } from '../../src/main/job-events';

const job = (id: string, state: JobView['state'], rowsParsed: number): JobView =>
  ({ id, state, rowsParsed }) as JobView;

describe('forwardJobEvents', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most one update per interval per job, the latest, and state changes at once', () => {
    let emit: (j: JobView) => void = () => undefined;
    const sent: string[] = [];
    const stop = forwardJobEvents(
      (listener) => {
        emit = listener;
        return () => undefined;
      },
      (j) => sent.push(`${j.id}:${j.state}:${j.rowsParsed}`),
      250,
    );
    emit(job('a', 'parsing', 0));
    for (let rows = 1; rows <= 100; rows++) emit(job('a', 'parsing', rows * 100));
    emit(job('b', 'parsing', 5));
    expect(sent).toEqual(['a:parsing:0', 'b:parsing:5']);
    vi.advanceTimersByTime(250);
    expect(sent).toEqual(['a:parsing:0', 'b:parsing:5', 'a:parsing:10000']);
    emit(job('a', 'parsing', 10100));
    emit(job('a', 'staged', 10100));
    expect(sent.slice(3)).toEqual(['a:staged:10100']);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(4);
    stop();
  });
});
