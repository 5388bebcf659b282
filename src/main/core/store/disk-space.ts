import { randomBytes } from 'node:crypto';
import { rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Db } from './database';

export const RESERVE_FILE_NAME = 'import-console.reserve';
/** Room for the few small writes that record a failure (a job's state, its lease): some KB each. */
const RESERVE_BYTES = 1024 * 1024;
/**
 * What staging a file takes in the queue, per byte of the file, measured on catalog files: the
 * documents as JSON, their hashes and indexes (about 5 times a CSV or JSON file; an XLSX file is
 * compressed, about 10 times), plus the write-ahead log, which grows to about 4 MB between
 * checkpoints.
 */
const STAGED_PER_BYTE = 5;
const STAGED_PER_XLSX_BYTE = 10;
const WAL_BYTES = 4 * 1024 * 1024;

/**
 * A file of incompressible bytes kept in the data folder while the disk has room. Once SQLite
 * filled the disk, every write fails, the one that would record why included, and a checkpoint
 * would fill any space freed; deleting this file gives the engine room to record the failure, and
 * checkpoints wait (they would need room for the whole log) until the reserve is back.
 */
export class SpaceReserve {
  private readonly file: string;
  private readonly checkpointPages: number;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.file = join(dataDir, RESERVE_FILE_NAME);
    this.checkpointPages = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** Sets the reserve aside again when the disk has room for it; gives whether it is in place. */
  keep(): boolean {
    if (sizeOf(this.file) !== RESERVE_BYTES) {
      try {
        writeFileSync(this.file, randomBytes(RESERVE_BYTES));
      } catch {
        // No room (or a folder it may not write to): the queue works without, until a disk fills up.
        try {
          rmSync(this.file, { force: true });
        } catch {
          // Nothing was written.
        }
        return false;
      }
    }
    // Another process may have set the reserve aside again after this one gave it up.
    this.db.pragma(`wal_autocheckpoint = ${this.checkpointPages}`);
    return true;
  }

  /** Frees the reserve's space for the writes that record a full disk. */
  release(): void {
    this.db.pragma('wal_autocheckpoint = 0');
    rmSync(this.file, { force: true });
  }
}

export function freeBytes(dir: string): number {
  const { bavail, bsize } = statfsSync(dir);
  return bavail * bsize;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const megabytes = (bytes: number): string => `${(Math.ceil(bytes / 104_857.6) / 10).toLocaleString('en-US')} MB`;

/** How much free space staging a file needs, roughly (see STAGED_PER_BYTE). */
export function stagingNeeds(filePath: string): number {
  const perByte = extname(filePath).toLowerCase() === '.xlsx' ? STAGED_PER_XLSX_BYTE : STAGED_PER_BYTE;
  return sizeOf(filePath) * perByte + WAL_BYTES;
}

const kilobytes = (bytes: number): string => `${Math.floor(bytes / 1024).toLocaleString('en-US')} KB`;

/**
 * Why a job's file was not queued: the folder, what was free there (before the reserve was
 * released), and what staging it needs.
 */
export function stagingSpaceMessage(dataDir: string, filePath: string, free: number, staleRowsKept: boolean): string {
  const kept = staleRowsKept ? ' (the rows read before are dropped then)' : '';
  return (
    `The disk of the data folder ${dataDir} is full (${kilobytes(free)} free): ` +
    `${basename(filePath)} was not queued, and nothing of it was sent. Staging it needs about ` +
    `${megabytes(stagingNeeds(filePath))} free there (the rows, their indexes and SQLite's journal). ` +
    `Free some space, then retry the job${kept}.`
  );
}

/** Why a sync stopped: its progress could not be recorded; rows sent again change nothing. */
export function syncSpaceMessage(dataDir: string, free: number): string {
  return (
    `The disk of the data folder ${dataDir} is full (${kilobytes(free)} free): the sync stopped, as the ` +
    'local queue could not record its progress. The rows not yet recorded as sent stay queued: free some ' +
    'space (a few MB), then retry the job; rows MongoDB already holds are not written again.'
  );
}
