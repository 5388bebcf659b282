import type { Db } from './database';

export interface ConnectionSettings {
  database: string;
  collection: string;
  wholesalerId: string;
}

const EMPTY: ConnectionSettings = { database: '', collection: '', wholesalerId: '' };

export function readSettings(db: Db): ConnectionSettings {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'connection'").get() as { value: string } | undefined;
  return row ? { ...EMPTY, ...(JSON.parse(row.value) as Partial<ConnectionSettings>) } : { ...EMPTY };
}

export function writeSettings(db: Db, settings: ConnectionSettings): void {
  db.prepare(
    "INSERT INTO settings (key, value) VALUES ('connection', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  ).run(JSON.stringify(settings));
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
