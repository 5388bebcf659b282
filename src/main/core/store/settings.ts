import type { AppLimitsInput } from '../../../preload/contract';
import type { Db } from './database';

export interface ConnectionSettings {
  database: string;
  collection: string;
  wholesalerId: string;
}

const EMPTY: ConnectionSettings = { database: '', collection: '', wholesalerId: '' };

/** Nothing saved: every app-wide limit is the environment's. */
const NO_APP_LIMITS: AppLimitsInput = {
  workerConcurrency: null,
  rateLimitMax: null,
  rateLimitDurationMs: null,
  retentionDays: null,
};

/** A saved value with the fallback filled in for any field it lacks (saved by an older version, or never). */
function readValue<T extends object>(db: Db, key: string, fallback: T): T {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? { ...fallback, ...(JSON.parse(row.value) as Partial<T>) } : { ...fallback };
}

function writeValue(db: Db, key: string, value: object): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function readSettings(db: Db): ConnectionSettings {
  return readValue(db, 'connection', EMPTY);
}

export function writeSettings(db: Db, settings: ConnectionSettings): void {
  writeValue(db, 'connection', settings);
}

export function readAppLimits(db: Db): AppLimitsInput {
  return readValue(db, 'limits', NO_APP_LIMITS);
}

export function writeAppLimits(db: Db, limits: AppLimitsInput): void {
  writeValue(db, 'limits', limits);
}

/**
 * Turns a secret into bytes that are safe to keep on disk and back. In the desktop app this is
 * Electron's safeStorage (the OS keychain); core never sees how.
 */
export interface SecretCodec {
  encrypt: (plain: string) => Promise<Buffer>;
  decrypt: (cipher: Buffer) => Promise<string>;
}

export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly codec: SecretCodec,
  ) {}

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE key = ?').get(key) !== undefined;
  }

  async get(key: string): Promise<string | null> {
    const row = this.db.prepare('SELECT ciphertext FROM secrets WHERE key = ?').get(key) as
      { ciphertext: Buffer } | undefined;
    return row ? this.codec.decrypt(row.ciphertext) : null;
  }

  async set(key: string, plain: string): Promise<void> {
    const ciphertext = await this.codec.encrypt(plain);
    this.db
      .prepare(
        'INSERT INTO secrets (key, ciphertext) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET ciphertext = excluded.ciphertext',
      )
      .run(key, ciphertext);
  }
}
