import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, methodChannel, type Handlers, type MethodName } from '../../src/preload/contract';
import { bindIpc } from '../../src/main/ipc';
import { windowOptions } from '../../src/main/window-options';
import { source } from '../support/profile';

const VALID_ARGUMENTS: Record<MethodName, unknown[]> = {
  getSettings: [],
  saveSettings: [{ mongoUri: '', database: 'd', collection: 'c', wholesalerId: 'w' }],
  testConnection: [''],
  chooseFiles: [],
  importFiles: [[], null, { batchId: 'b', part: 1, totalParts: 3, totalItems: null }, null],
  previewFile: ['/a.csv', null, [{ column: 'SKU', field: 'entity_code', type: 'string', required: true }]],
  cancelPreview: ['/a.csv'],
  saveMapping: [null, 'Acme', []],
  listJobs: [],
  cancelJob: ['job-1'],
  pauseJob: ['job-1'],
  resumeJob: ['job-1'],
  retryFailedRows: ['job-1'],
  getConnection: [],
  getHealth: [],
  listSources: [],
  saveSource: [null, source()],
  deleteSource: ['source-1'],
  listBatches: [],
  listErrors: [{ kind: 'batch', id: 'b' }, { stage: 'validate', column: null, text: '', group: null }, 0, 500],
  errorSummary: [
    { kind: 'job', id: 'job-1' },
    { stage: null, column: 'price', text: 'x', group: null },
  ],
  exportErrors: [{ kind: 'job', id: 'job-1' }, { stage: null, column: null, text: '', group: null }, 'xlsx'],
  getAppLimits: [],
  saveAppLimits: [{ workerConcurrency: 4, rateLimitMax: null, rateLimitDurationMs: 1000, retentionDays: null }],
  getAppFolders: [],
  openAppFolder: ['data'],
};

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

// Electron's ipcMain cannot run without the Electron binary; this records what bindIpc registers
// and calls it the way Electron would.
function fakeIpcMain(): {
  handle: (channel: string, listener: Listener) => void;
  invoke: (channel: string, frame: unknown, ...args: unknown[]) => Promise<unknown>;
} {
  const listeners = new Map<string, Listener>();
  return {
    handle: (channel, listener) => listeners.set(channel, listener),
    invoke: (channel, frame, ...args) => {
      const listener = listeners.get(channel);
      if (!listener) throw new Error(`nothing bound to ${channel}`);
      return listener({ senderFrame: frame } as IpcMainInvokeEvent, ...args);
    },
  };
}

describe('main-process IPC binding', () => {
  const appFrame = { url: 'file:///app/index.html' } as unknown as WebFrameMain;
  const otherFrame = { url: 'https://evil.example/' } as unknown as WebFrameMain;

  function bound() {
    const calls: string[] = [];
    const handlers = Object.fromEntries(
      METHOD_NAMES.map((name) => [name, () => (calls.push(name), Promise.resolve('ok'))]),
    ) as unknown as Handlers;
    const ipc = fakeIpcMain();
    bindIpc(ipc, handlers, (frame) => frame === appFrame);
    return { ipc, calls };
  }

  it('binds every contract method', async () => {
    const { ipc, calls } = bound();
    for (const name of METHOD_NAMES) {
      const args = VALID_ARGUMENTS[name];
      await expect(ipc.invoke(methodChannel(name), appFrame, ...args)).resolves.toBe('ok');
    }
    expect(calls).toEqual(METHOD_NAMES);
  });

  it('refuses calls from any other frame, and malformed arguments, without side effects', async () => {
    const { ipc, calls } = bound();
    await expect(ipc.invoke(methodChannel('listJobs'), otherFrame)).rejects.toThrow('did not come from the app window');
    await expect(ipc.invoke(methodChannel('listJobs'), null)).rejects.toThrow('did not come from the app window');
    await expect(ipc.invoke(methodChannel('importFiles'), appFrame, '/etc/passwd', null, null, null)).rejects.toThrow(
      'must be a list',
    );
    const anyRow = { stage: null, column: null, text: '', group: null };
    await expect(
      ipc.invoke(methodChannel('listErrors'), appFrame, { kind: 'job', id: 'j' }, anyRow, 0, 5000),
    ).rejects.toThrow('listErrors argument 4 may be at most 1,000');
    await expect(
      ipc.invoke(methodChannel('exportErrors'), appFrame, { kind: 'job', id: 'j' }, anyRow, 'pdf'),
    ).rejects.toThrow('must be one of csv, xlsx');
    await expect(
      ipc.invoke(methodChannel('listErrors'), appFrame, { kind: 'file', id: 'j' }, anyRow, 0, 10),
    ).rejects.toThrow('argument 1.kind must be one of job, batch');
    await expect(
      ipc.invoke(
        methodChannel('importFiles'),
        appFrame,
        ['/a.csv'],
        null,
        {
          batchId: 'b',
          part: 0,
          totalParts: 3,
          totalItems: null,
        },
        null,
      ),
    ).rejects.toThrow('argument 3.part must be a whole number above 0');
    expect(calls).toEqual([]);
  });
});

describe('the app window', () => {
  it('keeps every web preference on Electron security checklist', () => {
    const prefs = windowOptions('/app/preload.js').webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.js',
    });
  });
});
