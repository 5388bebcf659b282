import type { ConnectionView } from '../../../preload/contract';
import { describeServer } from './mongo';

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Knows whether the configured MongoDB answers: online, offline or not configured. It asks the
 * server every `intervalMs` (so a server that comes back is seen within that time plus one
 * server-selection timeout), and is told at once when a sync found the server gone.
 */
export class ConnectionMonitor {
  private uri: string | null = null;
  private view: ConnectionView = { state: 'not_configured', server: null, message: null, checkedAt: null };
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<ConnectionView> | undefined;

  constructor(
    private readonly ping: (uri: string) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onChange: (view: ConnectionView, uri: string | null) => void,
  ) {}

  current(): ConnectionView {
    return this.view;
  }

  /** Watches this server from now on (null: none configured); checks it at once. */
  watch(uri: string | null): Promise<ConnectionView> {
    if (uri === this.uri && this.timer) return this.check();
    this.uri = uri;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (uri === null) {
      this.set({ state: 'not_configured', server: null, message: null, checkedAt: null });
      return Promise.resolve(this.view);
    }
    return this.check();
  }

  /** A sync could not reach the server: say so now rather than at the next check. */
  reportUnreachable(uri: string, error: unknown): void {
    if (uri !== this.uri || this.view.state === 'offline') return;
    this.set(this.offline(uri, error));
  }

  check(): Promise<ConnectionView> {
    this.checking ??= this.ask().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.uri = null;
  }

  private async ask(): Promise<ConnectionView> {
    const uri = this.uri;
    if (uri === null) return this.view;
    let next: ConnectionView;
    try {
      await this.ping(uri);
      next = { state: 'online', server: describeServer(uri), message: null, checkedAt: new Date().toISOString() };
    } catch (error) {
      next = this.offline(uri, error);
    }
    // The server may have been changed while this check ran: its answer is then not news.
    if (uri !== this.uri) return this.view;
    this.set(next);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check(), this.intervalMs);
    return this.view;
  }

  private offline(uri: string, error: unknown): ConnectionView {
    return {
      state: 'offline',
      server: describeServer(uri),
      message: errorMessage(error),
      checkedAt: new Date().toISOString(),
    };
  }

  private set(view: ConnectionView): void {
    const changed = view.state !== this.view.state || view.server !== this.view.server;
    this.view = view;
    if (changed) this.onChange(view, this.uri);
  }
}
