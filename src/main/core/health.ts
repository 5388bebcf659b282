import type { HealthView } from '../../preload/contract';

/**
 * Watches this process's memory and says when it crosses the alert threshold (either way), so
 * the app can warn before the OS starts to swap or kill it. An import's own memory is bounded by
 * its worker's heap limit; what grows here is everything else the app holds.
 */
export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private last: HealthView | undefined;

  constructor(
    private readonly thresholdMb: number,
    private readonly intervalMs: number,
    private readonly onChange: (view: HealthView) => void,
    private readonly rssBytes: () => number = () => process.memoryUsage.rss(),
  ) {}

  start(): void {
    this.check();
    this.timer = setInterval(() => {
      this.check();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  current(): HealthView {
    return this.last ?? this.read();
  }

  private read(): HealthView {
    const rssMb = Math.round(this.rssBytes() / 1024 / 1024);
    return { rssMb, thresholdMb: this.thresholdMb, memoryPressure: rssMb >= this.thresholdMb };
  }

  /** Reads the memory now, and reports it if the pressure changed since the last check. */
  check(): HealthView {
    const view = this.read();
    const changed = this.last?.memoryPressure !== view.memoryPressure;
    this.last = view;
    if (changed) this.onChange(view);
    return view;
  }
}
