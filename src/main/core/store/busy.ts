import { setTimeout as sleep } from 'node:timers/promises';
import { isBusy } from './sqlite-errors';

/**
 * How long work waits out a queue that another process keeps locked, in all, before its
 * SQLITE_BUSY stands: each try has already waited the busy timeout (database.ts) first.
 */
export const BUSY_PATIENCE_MS = 60_000;
const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5_000;

export interface BusyOptions {
  signal?: AbortSignal;
  patienceMs?: number;
  /** Told of each SQLITE_BUSY that is tried again, and how long it waits first. */
  onBusy?: (error: unknown, waitMs: number) => void;
}

/**
 * Runs `work` again while it fails with SQLITE_BUSY, waiting longer each time and off the
 * thread (the busy timeout itself blocks it), with jitter so that two processes do not come
 * back in step, as long as the tries and waits together stay within the patience. `work` must
 * be safe to run again: a failed SQLite transaction was rolled back whole.
 */
export async function whileBusy<T>(work: () => Promise<T> | T, options: BusyOptions = {}): Promise<T> {
  const started = Date.now();
  const patience = options.patienceMs ?? BUSY_PATIENCE_MS;
  for (let tries = 0; ; tries++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const wait = Math.round(Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** tries) * (0.5 + Math.random()));
      if (Date.now() - started + wait > patience) throw error;
      options.onBusy?.(error, wait);
      await sleep(wait, undefined, { signal: options.signal });
    }
  }
}
