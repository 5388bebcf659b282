import { statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  ArgumentError,
  IMPORTABLE_EXTENSIONS,
  type AppFolders,
  type BatchInput,
  type ColumnRule,
  type ErrorScope,
  type ExportFormat,
  type HealthView,
  checkArguments,
  defaultSource,
  isMethodName,
  type Handlers,
  type JobView,
  type SettingsInput,
  type SettingsView,
  type SourceView,
  type Target,
} from '../preload/contract';
import type { ImportEngine } from './core/engine';
import { withoutPartNumber } from './core/batches/metadata';
import { PreviewCancelled } from './core/previews';
import { exportErrors } from './core/report/export-errors';
import { testConnection } from './core/sync/mongo';
import { refusedUriOption } from './core/sync/uri-options';
import { asSource, sourceProblems, withColumnRules } from './core/sources/profile';
import { listBatchViews, scopeJobIds } from './core/store/batches';
import { requireJob } from './core/store/jobs';
import { queryErrors, summarizeErrors } from './core/store/row-errors';
import { readSettings, writeSettings, type SecretStore } from './core/store/settings';
import { deleteSource, findSource, listSources, saveSource } from './core/store/sources';

export const MONGO_URI_SECRET = 'mongo_uri';

export interface ApiServices {
  engine: ImportEngine;
  secrets: SecretStore;
  /** Asks the user for files (Electron's open dialog in the app); none when they close it. */
  pickFiles: () => Promise<string[]>;
  /** Asks the user where to save a report (Electron's save dialog); null when they close it. */
  chooseSavePath: (defaultName: string, format: ExportFormat) => Promise<string | null>;
  /** The app's memory now (HealthMonitor). */
  health: () => HealthView;
  /** Where the local queue and the logs are. */
  folders: AppFolders;
  /** Opens a folder in the OS file manager (Electron's shell.openPath); rejects with the OS's reason. */
  openPath: (path: string) => Promise<void>;
}

/** A report's suggested file name: what it holds and when, so that reports never overwrite each other. */
function reportName(engine: ImportEngine, scope: ErrorScope, format: ExportFormat): string {
  const what =
    scope.kind === 'batch' ? `batch-${scope.id}` : requireJob(engine.db, scope.id).fileName.replace(/\.[^.]+$/, '');
  const stamp = new Date().toISOString().slice(0, 16).replace(/\D/g, '');
  return `${withoutPartNumber(what).replace(/[^\w.-]+/g, '_')}-errors-${stamp}.${format}`;
}

/** The contract's methods over the engine: shared by Electron's IPC and the test harness. */
export function createHandlers({
  engine,
  secrets,
  pickFiles,
  chooseSavePath,
  health,
  folders,
  openPath,
}: ApiServices): Handlers {
  const settingsView = (): SettingsView => ({ ...readSettings(engine.db), mongoUriSet: secrets.has(MONGO_URI_SECRET) });

  /** The named source, or the default one made of the Settings' target. */
  const sourceFor = (sourceId: string | null): SourceView | Target => {
    if (sourceId !== null) {
      const source = findSource(engine.db, sourceId);
      if (!source) throw new Error(`No source with id ${sourceId}; it may have been deleted`);
      return source;
    }
    const settings = readSettings(engine.db);
    if (!settings.database || !settings.collection || !settings.wholesalerId) {
      throw new Error(
        'Set the database, collection and wholesaler ID in Settings, or choose a source, before importing.',
      );
    }
    return settings;
  };

  /** The source with the rules edited in the preview in place of its own for those columns. */
  const mappedSource = (sourceId: string | null, rules: readonly ColumnRule[] | null): SourceView | Target => {
    const source = sourceFor(sourceId);
    if (rules === null) return source;
    const mapped = withColumnRules(asSource(source), rules);
    const problems = sourceProblems(mapped);
    if (problems.length > 0) throw new Error(`The mapping cannot be used: ${problems.join('; ')}`);
    return mapped;
  };

  /** Several files given one batch are its parts from the part given on, in the order given. */
  const startImports = async (
    paths: readonly string[],
    sourceId: string | null,
    batch: BatchInput | null,
    rules: readonly ColumnRule[] | null,
  ): Promise<JobView[]> => {
    const source = mappedSource(sourceId, rules);
    paths.forEach(checkImportable);
    const mongoUri = await secrets.get(MONGO_URI_SECRET);
    return paths.map((path, i) => {
      const job = engine.createJob(path, source, batch && { ...batch, part: batch.part + i });
      // Progress and the outcome reach the renderer as job events.
      void engine.runJob(job.id, mongoUri);
      return job;
    });
  };

  return {
    getSettings: () => Promise.resolve(settingsView()),
    saveSettings: async (input: SettingsInput) => {
      const mongoUri = input.mongoUri.trim();
      if (mongoUri !== '') checkMongoUri(mongoUri);
      if (mongoUri !== '') await secrets.set(MONGO_URI_SECRET, mongoUri);
      writeSettings(engine.db, {
        database: input.database.trim(),
        collection: input.collection.trim(),
        wholesalerId: input.wholesalerId.trim(),
      });
      const storedUri = await secrets.get(MONGO_URI_SECRET);
      // Jobs that waited for a connection go as soon as the server answers.
      const connection = await engine.watchServer(storedUri);
      if (storedUri && connection.state === 'online') void engine.syncQueued(storedUri);
      return settingsView();
    },
    testConnection: async (given) => {
      const uri = given.trim() || (await secrets.get(MONGO_URI_SECRET));
      if (!uri) throw new Error('Enter a MongoDB URI to test, or save one first.');
      checkMongoUri(uri);
      return testConnection(uri);
    },
    chooseFiles: pickFiles,
    importFiles: startImports,
    previewFile: async (path, sourceId, rules) => {
      checkImportable(path);
      try {
        return await engine.preview(path, mappedSource(sourceId, rules));
      } catch (error) {
        // An error's class does not cross IPC: the page learns it was superseded from the answer.
        if (error instanceof PreviewCancelled) return { filePath: path, cancelled: true } as const;
        throw error;
      }
    },
    cancelPreview: (path) => Promise.resolve(engine.cancelPreview(path)),
    saveMapping: (sourceId, name, rules) =>
      Promise.resolve().then(() => {
        const source = sourceFor(sourceId);
        if (!('columns' in source)) return saveSource(engine.db, withColumnRules(defaultSource(source, name), rules));
        const { id, updatedAt, ...input } = source;
        return saveSource(engine.db, withColumnRules(input, rules), id);
      }),
    listJobs: () => Promise.resolve(engine.listJobs()),
    cancelJob: (jobId) => Promise.resolve(engine.cancel(jobId)),
    pauseJob: (jobId) => Promise.resolve(engine.pause(jobId)),
    resumeJob: (jobId) => Promise.resolve(engine.resume(jobId)),
    getConnection: () => Promise.resolve(engine.connection()),
    getHealth: () => Promise.resolve(health()),
    retryFailedRows: async (jobId) => {
      const mongoUri = await secrets.get(MONGO_URI_SECRET);
      if (!mongoUri) throw new Error('Set the MongoDB URI in Settings before retrying rows.');
      return engine.retryFailedRows(jobId, mongoUri);
    },
    listSources: () => Promise.resolve(listSources(engine.db)),
    saveSource: (id, input) => Promise.resolve(saveSource(engine.db, input, id)),
    deleteSource: (id) => {
      deleteSource(engine.db, id);
      return Promise.resolve(listSources(engine.db));
    },
    listBatches: () => Promise.resolve(listBatchViews(engine.db)),
    listErrors: (scope, filter, offset, limit) =>
      Promise.resolve(queryErrors(engine.db, scopeJobIds(engine.db, scope), filter, offset, limit)),
    errorSummary: (scope, filter) => Promise.resolve(summarizeErrors(engine.db, scopeJobIds(engine.db, scope), filter)),
    exportErrors: async (scope, filter, format) => {
      const jobIds = scopeJobIds(engine.db, scope);
      const path = await chooseSavePath(reportName(engine, scope, format), format);
      if (path === null) return { path: null, rows: 0 };
      return { path, rows: await exportErrors(engine.db, jobIds, filter, format, path) };
    },
    getAppLimits: () => Promise.resolve(engine.appLimits()),
    saveAppLimits: (limits) => {
      const rowsPruned = engine.saveAppLimits(limits);
      return Promise.resolve({ ...engine.appLimits(), rowsPruned });
    },
    getAppFolders: () => Promise.resolve(folders),
    openAppFolder: async (folder) => {
      await openPath(folders[folder]);
      return folders[folder];
    },
  };
}

/**
 * Ways of signing in that present this computer's own cloud or identity-provider credentials to
 * whichever server the URI names: a URI from the page must not be able to send them elsewhere.
 */
const REFUSED_AUTH_MECHANISMS = new Set(['MONGODB-AWS', 'MONGODB-OIDC']);

function checkMongoUri(uri: string): void {
  if (!/^mongodb(\+srv)?:\/\//.test(uri))
    throw new Error('The MongoDB URI must start with mongodb:// or mongodb+srv://');
  const query = uri.includes('?') ? uri.slice(uri.indexOf('?') + 1) : '';
  for (const [key, value] of new URLSearchParams(query)) {
    if (key.toLowerCase() === 'authmechanism' && REFUSED_AUTH_MECHANISMS.has(value.toUpperCase())) {
      throw new Error(
        `authMechanism=${value} is not offered: it signs in with this computer’s cloud credentials; use a user name and password or X.509`,
      );
    }
  }
  const refused = refusedUriOption(uri);
  if (refused) throw new Error(refused);
}

function checkImportable(path: string): void {
  const name = basename(path);
  if (!(IMPORTABLE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase())) {
    throw new Error(`${name}: only CSV, XLSX and JSON files can be imported (${IMPORTABLE_EXTENSIONS.join(', ')})`);
  }
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new Error(`${name}: no file at ${path}`);
  }
  if (!isFile) throw new Error(`${name}: ${path} is not a file`);
}

/** Validates a call from an untrusted caller (the renderer) and runs it. */
export function dispatch(handlers: Handlers, method: unknown, rawArgs: unknown): Promise<unknown> {
  if (!isMethodName(method)) return Promise.reject(new ArgumentError(`unknown method ${String(method)}`));
  if (!Array.isArray(rawArgs)) return Promise.reject(new ArgumentError(`${method}: arguments must be a list`));
  try {
    const args = checkArguments(method, rawArgs);
    return (handlers[method] as (...a: unknown[]) => Promise<unknown>)(...args);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
