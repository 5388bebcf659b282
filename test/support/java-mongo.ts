import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const MONGO_JAVA_SERVER_JAR = resolve(
  __dirname,
  '../../node_modules/.cache/import-console/mongo-java-server.jar',
);

/** The JVM loads, then the server binds: about half a second here, far more on a loaded CI machine. */
const START_DEADLINE_MS = 30_000;

export interface JavaMongoOptions {
  /**
   * The JVM's -Xmx, 1g unless given. The memory backend keeps every document on the heap as Java
   * objects: measured, 250 MB live for 100,000 documents of 300 bytes, and the JVM lets its heap
   * grow towards -Xmx before collecting, so the process's memory approaches it.
   */
  heap?: string;
}

/**
 * mongo-java-server 1.47 (memory backend, announcing MongoDB 4.4) in its own JVM on a loopback
 * port: the test server whose updates are atomic per document (see docs/test-servers.md).
 * stop() and start() keep the port, but not the data: the memory backend starts empty, so a
 * restarted server is a MongoDB whose disk was lost, not one that comes back after an outage.
 */
export class JavaMongoServer {
  private child: ChildProcessWithoutNullStreams | undefined;
  private constructor(
    private boundPort: number,
    private readonly heap: string,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.boundPort}/`;
  }

  static async launch(options: JavaMongoOptions = {}): Promise<JavaMongoServer> {
    if (!existsSync(MONGO_JAVA_SERVER_JAR)) {
      throw new Error(
        `mongo-java-server test server not built at ${MONGO_JAVA_SERVER_JAR}: run node test/support/prepare.mjs`,
      );
    }
    // Port 0 the first time: the server binds a free port itself, so no other process can take it
    // between our choosing it and the JVM binding it, as could happen with freePort().
    const server = new JavaMongoServer(0, options.heap ?? '1g');
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const child = spawn(
      'java',
      [
        `-Xmx${this.heap}`,
        // A full heap would leave a server that answers some requests and not others; better gone.
        '-XX:+ExitOnOutOfMemoryError',
        '-jar',
        MONGO_JAVA_SERVER_JAR,
        String(this.boundPort),
      ],
      // Standard input stays open: the server exits when it closes, that is when this process dies.
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child = child;
    try {
      this.boundPort = await readyPort(child);
    } catch (error) {
      await this.stop('SIGKILL');
      throw error;
    }
  }

  /**
   * SIGTERM lets the JVM run its shutdown hook (the server closes its connections); SIGKILL is an
   * outage. Either way the data is gone.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = undefined;
    // No pid: java never started (see readyPort's error), so there is nothing to wait for.
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
  }
}

/** Waits for the launcher's `ready 127.0.0.1:PORT` line and returns the port it bound. */
function readyPort(child: ChildProcessWithoutNullStreams): Promise<number> {
  return new Promise((done, fail) => {
    let settled = false;
    let stdout = '';
    let stderr = '';
    const finish = (result: number | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (typeof result === 'number') done(result);
      else fail(result);
    };
    const timer = setTimeout(() => {
      finish(new Error(`mongo-java-server did not start within ${START_DEADLINE_MS / 1000} s: ${stderr}`));
    }, START_DEADLINE_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      if (settled) return;
      stdout += chunk.toString();
      const ready = /^ready 127\.0\.0\.1:(\d+)$/m.exec(stdout);
      if (ready?.[1]) finish(Number(ready[1]));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (!settled) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        error.code === 'ENOENT'
          ? new Error('mongo-java-server needs Java 17+ on PATH (Debian: apt-get install default-jdk-headless)')
          : error,
      );
    });
    child.once('exit', (code, signal) => {
      finish(new Error(`mongo-java-server exited with ${code ?? signal ?? '?'} before it was ready: ${stderr}`));
    });
  });
}
