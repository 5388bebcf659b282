import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { networkFileSystem, refuseNetworkFolder, type FolderProbe } from './data-folder';
import { MIGRATIONS } from './migrations';
import { hasCode, isDiskFull } from './sqlite-errors';
import { messageGroup } from './message-group';

export type Db = Database.Database;

/** `?,?,?` for a list of n parameters (`NULL` for none, so that `IN (…)` matches nothing). */
export const placeholders = (n: number): string => (n === 0 ? 'NULL' : Array<string>(n).fill('?').join(','));

/**
 * Opens (creating if needed) the local queue and brings its schema up to date.
 * WAL lets the ingest worker write staged rows while main reads job state. A folder on a network
 * file system is refused (data-folder.ts); `probe` tells which file system a folder is on.
 */
export function openDatabase(file: string, probe: FolderProbe = networkFileSystem): Db {
  refuseNetworkFolder(dirname(file), probe);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // Migrations group the error rows they bring forward the way new ones are grouped.
    db.function('message_group', { deterministic: true }, (message: unknown) => messageGroup(String(message)));
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (!isDiskFull(error) && !hasCode(error, 'SQLITE_IOERR_SHMSIZE')) throw error;
    return openToRead(file, error);
  }
}

/**
 * How long a statement waits for another connection's write lock before SQLITE_BUSY. The wait
 * blocks the thread; the engine tries busy work again later rather than wait longer here.
 */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * The queue on a disk with no byte left, where WAL's index shared by the processes (the -shm
 * file) cannot be made: read by this process alone, the index in its own memory (exclusive
 * locking), and never written (query_only), so that the commands that only read it still work.
 * A schema that needs migrating cannot be read this way: the disk's error stands.
 */
function openToRead(file: string, cause: unknown): Db {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('query_only = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (db.pragma('user_version', { simple: true }) !== MIGRATIONS.length) {
    db.close();
    throw cause;
  }
  return db;
}

/** True for a queue opened to be read only (openToRead): nothing may be written through it. */
export const onlyReadable = (db: Db): boolean => db.pragma('query_only', { simple: true }) === 1;

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `${db.name} was written by a newer Import Console (schema ${current}); this one knows up to ${MIGRATIONS.length}`,
    );
  }
  db.transaction(() => {
    // Re-read inside the write transaction: another process may have migrated meanwhile.
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let i = version; i < MIGRATIONS.length; i++) {
      db.exec(MIGRATIONS[i] as string);
      db.pragma(`user_version = ${i + 1}`);
    }
  }).immediate();
}
