import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EngineConfig {
  /** Rows per MongoDB bulkWrite. */
  chunkSize: number;
  /** Rows per SQLite transaction while staging: large enough to amortise fsync, small enough to
   * keep the worker's memory flat. */
  stageBatchRows: number;
  /** Heap cap of an ingest worker: what stops a hostile file from taking the app down. */
  workerHeapMb: number;
}

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number above 0, got "${raw}"`);
  }
  return value;
}

export function engineConfig(env: Env = process.env): EngineConfig {
  return {
    chunkSize: positiveInteger(env, 'IMPORT_CHUNK_SIZE', 1000),
    stageBatchRows: positiveInteger(env, 'IMPORT_STAGE_BATCH_ROWS', 2000),
    workerHeapMb: positiveInteger(env, 'IMPORT_WORKER_HEAP_MB', 256),
  };
}

export const APP_FOLDER_NAME = 'Import Console';
export const DATABASE_FILE_NAME = 'import-console.sqlite';

/**
 * The folder Electron's app.getPath('userData') gives for this app, worked out without Electron
 * so that the CLI and the desktop app share one local queue.
 */
export function defaultDataDir(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.IMPORT_CONSOLE_DATA_DIR) return env.IMPORT_CONSOLE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_FOLDER_NAME);
}
