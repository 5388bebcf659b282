import { describe, expect, it } from 'vitest';
import { Scheduler, type GroupLimits } from '../../src/main/core/scheduler';

const open: GroupLimits = { concurrency: 10, rateLimitMax: 1000, rateLimitDurationMs: 60_000 };

/** A task that records when it started and ends when released. */
function gate(): { started: Promise<void>; release: () => void; run: () => Promise<string>; isStarted: () => boolean } {
  let release = (): void => undefined;
  let markStarted = (): void => undefined;
  let startedFlag = false;
  const started = new Promise<void>((r) => (markStarted = r));
  const done = new Promise<void>((r) => (release = r));
  return {
    started,
    release,
    isStarted: () => startedFlag,
    run: async () => {
      startedFlag = true;
      markStarted();
      await done;
      return 'done';
    },
  };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('the job scheduler', () => {
  it('runs at most maxConcurrent tasks at once, in the order they came', async () => {
    const scheduler = new Scheduler<string>(2);
    const gates = [gate(), gate(), gate()];
    const results = gates.map((g, i) => scheduler.submit({ key: `k${i}`, group: 'g', limits: open, run: g.run }));
    await tick();
    expect(gates.map((g) => g.isStarted())).toEqual([true, true, false]);
    gates[1]?.release();
    await gates[2]?.started;
    for (const g of gates) g.release();
    expect(await Promise.all(results)).toEqual(['done', 'done', 'done']);
  });

  it("keeps a source within its own concurrency while other sources' tasks go ahead", async () => {
    const scheduler = new Scheduler<string>(3);
    const one = { ...open, concurrency: 1 };
    const [a1, a2, b1] = [gate(), gate(), gate()];
    void scheduler.submit({ key: 'a1', group: 'a', limits: one, run: a1.run });
    void scheduler.submit({ key: 'a2', group: 'a', limits: one, run: a2.run });
    void scheduler.submit({ key: 'b1', group: 'b', limits: one, run: b1.run });
    await tick();
    expect([a1.isStarted(), a2.isStarted(), b1.isStarted()]).toEqual([true, false, true]);
    a1.release();
    await a2.started;
    a2.release();
    b1.release();
    await scheduler.idle();
  });

  it('starts at most rateLimitMax tasks of a source per window, the rest when the window has passed', async () => {
    const scheduler = new Scheduler<number>(10);
    const limits = { concurrency: 10, rateLimitMax: 2, rateLimitDurationMs: 300 };
    const startedAt: number[] = [];
    const begin = Date.now();
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        scheduler.submit({
          key: `r${i}`,
          group: 'r',
          limits,
          run: () => Promise.resolve(startedAt.push(Date.now() - begin)),
        }),
      ),
    );
    expect(startedAt).toHaveLength(4);
    expect(startedAt.slice(0, 2).every((at) => at < 100)).toBe(true);
    expect(startedAt.slice(2).every((at) => at >= 290)).toBe(true);
  });

  it('lets a task for a key already queued or running join it instead of running twice', async () => {
    const scheduler = new Scheduler<string>(1);
    const g = gate();
    let runs = 0;
    const first = scheduler.submit({ key: 'same', group: 'g', limits: open, run: () => (runs++, g.run()) });
    const second = scheduler.submit({ key: 'same', group: 'g', limits: open, run: () => (runs++, g.run()) });
    expect(second).toBe(first);
    g.release();
    await first;
    expect(runs).toBe(1);
  });

  it('takes a new limit on tasks at once for the next start: more start when it rises, none while above it', async () => {
    const scheduler = new Scheduler<string>(1);
    const gates = [gate(), gate(), gate(), gate()];
    const started = (): boolean[] => gates.map((g) => g.isStarted());
    gates.forEach((g, i) => void scheduler.submit({ key: `k${i}`, group: 'g', limits: open, run: g.run }));
    await tick();
    expect(started()).toEqual([true, false, false, false]);
    scheduler.setMaxConcurrent(3);
    await tick();
    expect(started()).toEqual([true, true, true, false]);
    // Lowered below what runs: the running tasks go on, and the next waits until only one is left.
    scheduler.setMaxConcurrent(2);
    gates[0]?.release();
    await tick();
    expect(started()).toEqual([true, true, true, false]);
    gates[1]?.release();
    await gates[3]?.started;
    for (const g of gates) g.release();
    await scheduler.idle();
  });

  it('goes on with the next task when one fails', async () => {
    const scheduler = new Scheduler<string>(1);
    const failed = scheduler.submit({
      key: 'x',
      group: 'g',
      limits: open,
      run: () => Promise.reject(new Error('boom')),
    });
    const next = scheduler.submit({ key: 'y', group: 'g', limits: open, run: () => Promise.resolve('next') });
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });
});
