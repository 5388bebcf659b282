import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FERRETDB_BINARY = resolve(__dirname, '../../node_modules/.cache/import-console/ferretdb-test');

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === 'object' && address) done(address.port);
        else fail(new Error('no port'));
      });
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => {
      done(false);
    });
  });
}

/**
 * A real FerretDB 1.24 (SQLite handler) process on a loopback port, with its own data folder.
 * stop() and start() keep the data and the port, so tests can take the server away and bring
 * it back as an outage would.
 */
export class FerretDbServer {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  static async launch(): Promise<FerretDbServer> {
    if (!existsSync(FERRETDB_BINARY)) {
      throw new Error(`FerretDB test server not built at ${FERRETDB_BINARY}: run node test/support/prepare.mjs`);
    }
    const server = new FerretDbServer(await freePort(), mkdtempSync(join(tmpdir(), 'ferretdb-')));
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const child = spawn(
      FERRETDB_BINARY,
      [`--listen-addr=127.0.0.1:${this.port}`, `--sqlite-url=file:${this.dataDir}/`],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    this.child = child;
    const deadline = Date.now() + 20_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null) throw new Error(`FerretDB exited with ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`FerretDB did not listen on ${this.port} within 20 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the server: SIGTERM lets it finish what it is doing, SIGKILL is an outage. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
