/**
 * Electron glue: app lifecycle, the window and its security settings. The engine lives in core/.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import { eventChannel, IMPORTABLE_EXTENSIONS } from '../preload/contract';
import { createHandlers, MONGO_URI_SECRET } from './api';
import { defaultDataDir } from './core/config';
import { ImportEngine } from './core/engine';
import { SecretStore, type SecretCodec } from './core/store/settings';
import { bindIpc } from './ipc';
import { forwardJobEvents } from './job-events';
import { windowOptions } from './window-options';

const safeStorageCodec: SecretCodec = {
  async encrypt(plain) {
    // On Linux without a keyring, Electron falls back to a hard-coded key: that is no protection.
    const plainText = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
    if (plainText || !(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error('This system offers no secure storage (keychain) for the MongoDB URI, so it was not saved.');
    }
    return safeStorage.encryptStringAsync(plain);
  },
  decrypt: async (cipher) => (await safeStorage.decryptStringAsync(cipher)).result,
};

// The CLI finds the same folder without Electron, so both share one local queue.
app.setPath('userData', defaultDataDir());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => {
      event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  void app.whenReady().then(start);
}

function start(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  const engine = ImportEngine.open(app.getPath('userData'));
  const window = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.js')));
  window.once('ready-to-show', () => {
    window.show();
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  const secrets = new SecretStore(engine.db, safeStorageCodec);
  const handlers = createHandlers({
    engine,
    secrets,
    pickFiles: async () => {
      const picked = await dialog.showOpenDialog(window, {
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'CSV and XLSX files', extensions: IMPORTABLE_EXTENSIONS.map((e) => e.slice(1)) }],
      });
      return picked.canceled ? [] : picked.filePaths;
    },
    chooseSavePath: async (defaultName, format) => {
      const chosen = await dialog.showSaveDialog(window, {
        defaultPath: defaultName,
        filters: [
          format === 'csv'
            ? { name: 'CSV (opens in Excel)', extensions: ['csv'] }
            : { name: 'Excel workbook', extensions: ['xlsx'] },
        ],
      });
      return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
    },
  });
  bindIpc(ipcMain, handlers, (frame) => frame !== null && frame === window.webContents.mainFrame);
  const stopEvents = forwardJobEvents(
    (listener) => engine.onJob(listener),
    (job) => {
      if (!window.isDestroyed()) window.webContents.send(eventChannel('job'), job);
    },
  );
  const stopConnection = engine.onConnection((view) => {
    if (!window.isDestroyed()) window.webContents.send(eventChannel('connection'), view);
  });
  // Jobs left queued or interrupted by the last run go on as soon as the configured server answers.
  void secrets.get(MONGO_URI_SECRET).then((uri) => engine.watchServer(uri));
  app.once('will-quit', () => {
    stopEvents();
    stopConnection();
    void engine.close();
  });

  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
}
