import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES, METHOD_NAMES } from '../../src/preload/contract';
import { createHandlers, dispatch } from '../../src/main/api';
import { ImportEngine } from '../../src/main/core/engine';
import { HealthMonitor } from '../../src/main/core/health';
import { SecretStore, type SecretCodec } from '../../src/main/core/store/settings';
import { forwardJobEvents } from '../../src/main/job-events';

export const RENDERER_DIR = resolve(__dirname, '../../out/renderer');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Stands in for the OS keychain behind Electron's safeStorage, which needs the Electron binary
 * that cannot run here. Reversible on purpose: it only has to round-trip within one test.
 */
const testCodec: SecretCodec = {
  encrypt: (plain) => Promise.resolve(Buffer.from(plain, 'utf8').reverse()),
  decrypt: (cipher) => Promise.resolve(Buffer.from(cipher).reverse().toString('utf8')),
};

export interface HarnessOptions {
  dataDir: string;
  /** Where files "dropped" in the page live: the page only knows their names. */
  uploadDir: string;
  /** What the OS file dialog would return. */
  pickFiles: () => Promise<string[]>;
  /** What the OS save dialog would return (null: closed); the test sees the name suggested. */
  chooseSavePath?: (defaultName: string) => Promise<string | null>;
  /** The memory (MB) above which the app reports memory pressure; the engine's default if unset. */
  memoryAlertMb?: number;
}

export interface Harness {
  url: string;
  engine: ImportEngine;
  /** The folders the app asked the OS file manager to open, in order. */
  openedPaths: string[];
  /** Put on the page before it loads: window.api over a WebSocket, built from the contract. */
  clientScript: string;
  close: () => Promise<void>;
}

/**
 * Serves the built renderer with the real core behind it, as Electron's main process would:
 * the same handlers and event forwarding, reached over a local WebSocket instead of IPC.
 */
export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const engine = ImportEngine.open(options.dataDir);
  const health = new HealthMonitor(options.memoryAlertMb ?? engine.config.memoryAlertMb, 1000, (view) => {
    for (const client of clients) client.send(JSON.stringify({ event: 'health', payload: view }));
  });
  const openedPaths: string[] = [];
  const handlers = createHandlers({
    engine,
    secrets: new SecretStore(engine.db, testCodec),
    pickFiles: options.pickFiles,
    chooseSavePath: options.chooseSavePath ?? (() => Promise.resolve(null)),
    health: () => health.current(),
    // The app's logs are there on Linux and Windows; the harness writes none.
    folders: { data: options.dataDir, logs: join(options.dataDir, 'logs') },
    openPath: (path) => {
      openedPaths.push(path);
      return Promise.resolve();
    },
  });

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path));
    if (!file.startsWith(RENDERER_DIR)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  const sockets = new WebSocketServer({ server, path: '/api' });
  const clients = new Set<WebSocket>();
  sockets.on('connection', (socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('message', (data: Buffer) => {
      const { id, method, args } = JSON.parse(data.toString()) as { id: number; method: unknown; args: unknown };
      dispatch(handlers, method, args).then(
        (result) => {
          socket.send(JSON.stringify({ id, result }));
        },
        (error: unknown) => {
          socket.send(JSON.stringify({ id, error: error instanceof Error ? error.message : String(error) }));
        },
      );
    });
  });
  const stopEvents = forwardJobEvents(
    (listener) => engine.onJob(listener),
    (job) => {
      for (const client of clients) client.send(JSON.stringify({ event: 'job', payload: job }));
    },
  );
  const stopConnection = engine.onConnection((view) => {
    for (const client of clients) client.send(JSON.stringify({ event: 'connection', payload: view }));
  });
  health.start();

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('harness has no address');
  const url = `http://127.0.0.1:${address.port}/`;

  return {
    url,
    engine,
    openedPaths,
    clientScript: clientScript(`ws://127.0.0.1:${address.port}/api`, options.uploadDir),
    close: async () => {
      stopEvents();
      stopConnection();
      health.stop();
      for (const client of clients) client.terminate();
      sockets.close();
      await new Promise((done) => server.close(done));
      await engine.close();
    },
  };
}

function clientScript(socketUrl: string, uploadDir: string): string {
  return `(() => {
  const socket = new WebSocket(${JSON.stringify(socketUrl)});
  const opened = new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
  const calls = new Map();
  const listeners = new Map(${JSON.stringify(EVENT_NAMES)}.map((name) => [name, new Set()]));
  let nextId = 0;
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.event) { for (const listener of listeners.get(data.event) ?? []) listener(data.payload); return; }
    const call = calls.get(data.id);
    calls.delete(data.id);
    if ('error' in data) call.reject(new Error(data.error)); else call.resolve(data.result);
  });
  const api = {
    on(event, listener) { listeners.get(event).add(listener); return () => listeners.get(event).delete(listener); },
    pathForFile: (file) => ${JSON.stringify(uploadDir + '/')} + file.name,
  };
  for (const method of ${JSON.stringify(METHOD_NAMES)}) {
    api[method] = async (...args) => {
      await opened;
      const id = ++nextId;
      return new Promise((resolve, reject) => { calls.set(id, { resolve, reject }); socket.send(JSON.stringify({ id, method, args })); });
    };
  }
  window.api = Object.freeze(api);
})();`;
}
