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
  /** The check under way, and the server it asks. */
  private checking: { uri: string | null; promise: Promise<ConnectionView> } | undefined;

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
    const uri = this.uri;
    // A check of a server no longer watched is not an answer for the one watched now.
    if (this.checking?.uri !== uri) {
      const promise = this.ask(uri).finally(() => {
        if (this.checking?.promise === promise) this.checking = undefined;
      });
      this.checking = { uri, promise };
    }
    return this.checking.promise;
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.uri = null;
  }

  private async ask(uri: string | null): Promise<ConnectionView> {
    if (uri === null) return this.view;
    let next: ConnectionView;
    try {
      await this.ping(uri);
      next = { state: 'online', server: describeServer(uri), message: null, checkedAt: new Date().toISOString() };
    } catch (error) {
      next = this.offline(uri, error);
    }
    // The server was changed while this check ran: the check of the new one answers instead.
    if (uri !== this.uri) return this.view;
    try {
      this.set(next);
    } finally {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.check(), this.intervalMs);
    }
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
