/**
 * Electron glue: app lifecycle, the window and its security settings. The engine lives in core/.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Notification, safeStorage, session, shell } from 'electron';
import { eventChannel, FINAL_JOB_STATES, IMPORTABLE_EXTENSIONS, type JobView } from '../preload/contract';
import { createHandlers, MONGO_URI_SECRET } from './api';
import { defaultDataDir } from './core/config';
import { ImportEngine } from './core/engine';
import { HealthMonitor } from './core/health';
import { Log, logConnection, logJob } from './core/log';
import { SecretStore, type SecretCodec } from './core/store/settings';
import { bindIpc } from './ipc';
import { forwardJobEvents } from './job-events';
import { closeChoice, closePrompt, jobEndNotification, runningJobs } from './shell';
import { windowOptions } from './window-options';

/** How often the app's memory is checked for the memory-pressure alert. */
const HEALTH_INTERVAL_MS = 5000;

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
// Logs go to the platform's place for them (inside the data folder on Linux and Windows).
app.setAppLogsPath();

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
  const log = new Log(app.getPath('logs'));
  log.write('info', 'start', { version: app.getVersion(), dataDir: app.getPath('userData') });
  let engine: ImportEngine;
  try {
    engine = ImportEngine.open(app.getPath('userData'));
  } catch (error) {
    // A data folder it must not use (a network share) or cannot open: say why rather than show no window.
    const message = error instanceof Error ? error.message : String(error);
    log.write('error', 'open', { message });
    dialog.showErrorBox('Import Console cannot open its data folder', message);
    app.quit();
    return;
  }
  const window = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.js')));
  window.once('ready-to-show', () => {
    window.show();
  });
  // macOS opens a running app with 'activate' (the Dock), other systems with a second instance.
  app.on('activate', () => {
    window.show();
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    // Opening the app again while it syncs in the background brings its window back.
    window.show();
    window.focus();
  });

  const secrets = new SecretStore(engine.db, safeStorageCodec);
  const health = new HealthMonitor(engine.config.memoryAlertMb, HEALTH_INTERVAL_MS, (view) => {
    log.write(view.memoryPressure ? 'warn' : 'info', 'memory', { ...view });
    if (!window.isDestroyed()) window.webContents.send(eventChannel('health'), view);
  });
  health.start();
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
    health: () => health.current(),
    folders: { data: app.getPath('userData'), logs: app.getPath('logs') },
    openPath: async (path) => {
      const failure = await shell.openPath(path);
      if (failure !== '') throw new Error(`Could not open ${path}: ${failure}`);
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
    logConnection(log, view);
    if (!window.isDestroyed()) window.webContents.send(eventChannel('connection'), view);
  });
  const stopLifecycle = watchJobs(engine, log, window);
  // What the engine got over by itself (a queue another process kept locked) is worth a line.
  const stopWarnings = engine.onWarning((warning) => {
    log.write('warn', warning.event, { message: warning.message });
  });
  // Jobs left queued or interrupted by the last run go on as soon as the configured server answers.
  void secrets.get(MONGO_URI_SECRET).then((uri) => engine.watchServer(uri));
  app.once('will-quit', () => {
    stopEvents();
    stopConnection();
    stopLifecycle();
    stopWarnings();
    health.stop();
    log.write('info', 'quit');
    void engine.close();
  });

  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
}

/**
 * The app's side of jobs: their state changes go to the log, a long job's end to an OS
 * notification, and closing the window while imports run asks whether to keep syncing in the
 * background (the app then quits when they are done) or to stop.
 */
function watchJobs(engine: ImportEngine, log: Log, window: BrowserWindow): () => void {
  const seen = new Map<string, { state: JobView['state']; startedAt: number }>();
  let background = false;
  const stop = engine.onJob((job) => {
    const before = seen.get(job.id);
    logJob(log, job, before?.state);
    // A finished job that runs again (Retry failed rows) is timed from then, not from its first run.
    const restarted = before !== undefined && FINAL_JOB_STATES.has(before.state) && !FINAL_JOB_STATES.has(job.state);
    const startedAt = before === undefined || restarted ? Date.now() : before.startedAt;
    seen.set(job.id, { state: job.state, startedAt });
    // Progress events come several times a second per job; only a change of state matters here.
    if (before?.state === job.state) return;
    const notice = jobEndNotification(job, startedAt, Date.now());
    if (notice && Notification.isSupported()) new Notification(notice).show();
    if (background && runningJobs(engine.listJobs()).length === 0) app.quit();
  });
  window.on('close', (event) => {
    // Shown again while it syncs in the background, the window closes back into the background.
    if (background) {
      event.preventDefault();
      window.hide();
      return;
    }
    const prompt = closePrompt(engine.listJobs());
    if (!prompt) return;
    const choice = closeChoice(dialog.showMessageBoxSync(window, { type: 'question', ...prompt }));
    if (choice === 'quit') return;
    event.preventDefault();
    if (choice === 'background') {
      background = true;
      log.write('info', 'background', { running: runningJobs(engine.listJobs()).length });
      window.hide();
    }
  });
  return stop;
}
