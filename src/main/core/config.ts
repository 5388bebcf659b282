import { homedir } from 'node:os';
import { join } from 'node:path';
import { OVERSIZE_POLICIES, SOURCE_LIMIT_MAXIMUMS } from '../../preload/contract';
import type { Limits } from './sources/profile';

export interface EngineConfig {
  /** Defaults for the limits a source leaves unset; chunkSize is the rows per MongoDB bulkWrite. */
  limits: Limits;
  /** Rows per SQLite transaction while staging: large enough to amortise fsync, small enough to
   * keep the worker's memory flat. */
  stageBatchRows: number;
  /** Heap cap of an ingest worker: what stops a hostile file from taking the app down. */
  workerHeapMb: number;
  /** Days the sent rows of a finished job stay in the local queue. */
  retentionDays: number;
}

type Env = Record<string, string | undefined>;

function positiveInteger(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be a whole number from 1 to ${max.toLocaleString('en-US')}, got "${raw}"`);
  }
  return value;
}

function oversizePolicy(env: Env): Limits['oversize'] {
  const raw = env.IMPORT_OVERSIZE_POLICY?.trim() || 'split';
  const policy = OVERSIZE_POLICIES.find((p) => p === raw);
  if (!policy) throw new Error(`IMPORT_OVERSIZE_POLICY must be one of ${OVERSIZE_POLICIES.join(', ')}, got "${raw}"`);
  return policy;
}

export function engineConfig(env: Env = process.env): EngineConfig {
  return {
    limits: {
      maxBatchSize: positiveInteger(env, 'IMPORT_MAX_BATCH_SIZE', 10_000, SOURCE_LIMIT_MAXIMUMS.maxBatchSize),
      warnBatchSize: positiveInteger(env, 'IMPORT_WARN_BATCH_SIZE', 5_000, SOURCE_LIMIT_MAXIMUMS.warnBatchSize),
      chunkSize: positiveInteger(env, 'IMPORT_CHUNK_SIZE', 1000, SOURCE_LIMIT_MAXIMUMS.chunkSize),
      timeoutMinutes: positiveInteger(env, 'IMPORT_JOB_TIMEOUT_MINUTES', 60, SOURCE_LIMIT_MAXIMUMS.timeoutMinutes),
      oversize: oversizePolicy(env),
    },
    stageBatchRows: positiveInteger(env, 'IMPORT_STAGE_BATCH_ROWS', 2000),
    workerHeapMb: positiveInteger(env, 'IMPORT_WORKER_HEAP_MB', 256),
    retentionDays: positiveInteger(env, 'IMPORT_RETENTION_DAYS', 7, 3650),
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
