import { homedir } from 'node:os';
import { join } from 'node:path';
import { APP_LIMIT_MAXIMUMS, OVERSIZE_POLICIES, SOURCE_LIMIT_MAXIMUMS } from '../../preload/contract';
import type { Limits } from './sources/profile';
import { LEASE_TTL_MS } from './store/leases';

export interface EngineConfig {
  /**
   * Defaults for the limits a source leaves unset; chunkSize is the rows per MongoDB bulkWrite. The
   * rate limit, like workerConcurrency and retentionDays, gives way to what is saved in Settings.
   */
  limits: Limits;
  /** Rows per SQLite transaction while staging: large enough to amortise fsync, small enough to
   * keep the worker's memory flat. */
  stageBatchRows: number;
  /** Heap cap of an ingest worker: what stops a hostile file from taking the app down. */
  workerHeapMb: number;
  /** Days the sent rows of a finished job stay in the local queue. */
  retentionDays: number;
  /** Jobs that run at once in this process, whatever their sources allow. */
  workerConcurrency: number;
  /** The first wait before a sync is tried again after a transient failure; it doubles each time. */
  retryBaseDelayMs: number;
  /** How often the connection monitor asks an unreachable server whether it is back. */
  monitorIntervalMs: number;
  /** Files of one source without batch metadata imported within this time of each other form an implicit batch. */
  batchWindowMs: number;
  /** The app's memory (RSS) above which it warns of memory pressure. */
  memoryAlertMb: number;
  /** How long a preview may take before its worker is ended: a file's first rows take a second or two. */
  previewTimeoutMs: number;
  /** How long a job's lease holds without renewal (store/leases.ts); renewed every third of it. */
  leaseTtlMs: number;
}

/** A preview's time limit unless IMPORT_PREVIEW_TIMEOUT_MS says otherwise. */
export const PREVIEW_TIMEOUT_MS = 20_000;

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

function wholeNumber(env: Env, name: string, fallback: number, max: number): number {
  return env[name]?.trim() === '0' ? 0 : positiveInteger(env, name, fallback, max);
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
      // A source that sets none is held only by workerConcurrency, which Settings may change while its jobs wait.
      concurrency: SOURCE_LIMIT_MAXIMUMS.concurrency,
      rateLimitMax: positiveInteger(env, 'IMPORT_RATE_LIMIT_MAX', 30, APP_LIMIT_MAXIMUMS.rateLimitMax),
      rateLimitDurationMs: positiveInteger(
        env,
        'IMPORT_RATE_LIMIT_DURATION_MS',
        60_000,
        APP_LIMIT_MAXIMUMS.rateLimitDurationMs,
      ),
      retries: wholeNumber(env, 'IMPORT_SYNC_RETRIES', 5, SOURCE_LIMIT_MAXIMUMS.retries),
    },
    stageBatchRows: positiveInteger(env, 'IMPORT_STAGE_BATCH_ROWS', 2000),
    workerHeapMb: positiveInteger(env, 'IMPORT_WORKER_HEAP_MB', 256),
    retentionDays: positiveInteger(env, 'IMPORT_RETENTION_DAYS', 7, APP_LIMIT_MAXIMUMS.retentionDays),
    workerConcurrency: positiveInteger(env, 'IMPORT_WORKER_CONCURRENCY', 2, APP_LIMIT_MAXIMUMS.workerConcurrency),
    retryBaseDelayMs: positiveInteger(env, 'IMPORT_RETRY_BASE_DELAY_MS', 1000, 600_000),
    monitorIntervalMs: positiveInteger(env, 'IMPORT_MONITOR_INTERVAL_MS', 3000, 60_000),
    batchWindowMs: positiveInteger(env, 'IMPORT_BATCH_WINDOW_MINUTES', 10, 10_080) * 60_000,
    memoryAlertMb: positiveInteger(env, 'IMPORT_MEMORY_ALERT_MB', 1536, 1_048_576),
    previewTimeoutMs: positiveInteger(env, 'IMPORT_PREVIEW_TIMEOUT_MS', PREVIEW_TIMEOUT_MS, 600_000),
    leaseTtlMs: positiveInteger(env, 'IMPORT_LEASE_TTL_MS', LEASE_TTL_MS, 3_600_000),
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
