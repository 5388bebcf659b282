/** How many tasks of a group may run at once and start per time window. */
export interface GroupLimits {
  concurrency: number;
  rateLimitMax: number;
  rateLimitDurationMs: number;
}

export interface Task<T> {
  /** A task with the key of one already queued or running joins it instead of running twice. */
  key: string;
  /** Tasks of one group (a source) share its limits. */
  group: string;
  limits: GroupLimits;
  run: () => Promise<T>;
}

interface Entry<T> {
  task: Task<T>;
  promise: Promise<T>;
  start: () => void;
}

/**
 * Runs tasks in the order they came, at most `maxConcurrent` at once, each group within its own
 * concurrency and its rate limit on starts. A task that may not start yet keeps its place, and
 * the tasks behind it of other groups go first.
 */
export class Scheduler<T> {
  private readonly waiting: Entry<T>[] = [];
  private readonly active = new Map<string, Entry<T>>();
  private readonly starts = new Map<string, number[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private maxConcurrent: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Changes how many tasks may run at once. Waiting tasks start at once if it rose; if it fell,
   * running tasks finish and the next starts only below the new limit.
   */
  setMaxConcurrent(maxConcurrent: number): void {
    this.maxConcurrent = maxConcurrent;
    this.pump();
  }

  submit(task: Task<T>): Promise<T> {
    const known = this.active.get(task.key) ?? this.waiting.find((entry) => entry.task.key === task.key);
    if (known) return known.promise;
    let start = (): void => undefined;
    const promise = new Promise<T>((resolve, reject) => {
      start = () => {
        Promise.resolve().then(task.run).then(resolve, reject);
      };
    });
    const entry: Entry<T> = { task, promise, start };
    this.waiting.push(entry);
    const finished = (): void => {
      this.active.delete(task.key);
      this.pump();
    };
    promise.then(finished, finished);
    this.pump();
    return promise;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.active.size > 0 || this.waiting.length > 0) {
      await Promise.allSettled([...this.active.values(), ...this.waiting].map((entry) => entry.promise));
    }
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock();
    let nextWindow = Infinity;
    for (let i = 0; i < this.waiting.length && this.active.size < this.maxConcurrent;) {
      const entry = this.waiting[i] as Entry<T>;
      const { group, limits } = entry.task;
      const running = [...this.active.values()].filter((e) => e.task.group === group).length;
      const recent = (this.starts.get(group) ?? []).filter((at) => at > now - limits.rateLimitDurationMs);
      this.starts.set(group, recent);
      if (running >= limits.concurrency) {
        i++;
        continue;
      }
      if (recent.length >= limits.rateLimitMax) {
        nextWindow = Math.min(nextWindow, (recent[0] ?? now) + limits.rateLimitDurationMs);
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      recent.push(now);
      this.active.set(entry.task.key, entry);
      entry.start();
    }
    if (nextWindow !== Infinity && this.waiting.length > 0) {
      this.timer = setTimeout(
        () => {
          this.pump();
        },
        Math.max(0, nextWindow - now),
      );
    }
  }
}
