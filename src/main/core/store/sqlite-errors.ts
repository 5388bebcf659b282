/** SQLite's (or the system's) code of an error, as better-sqlite3 and the ingest worker give it. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export const hasCode = (error: unknown, code: string): boolean => codeOf(error) === code;

/**
 * Another connection held the write lock past the busy timeout (SQLITE_BUSY and its extended
 * codes): the same work succeeds once it lets go.
 */
export const isBusy = (error: unknown): boolean => codeOf(error)?.startsWith('SQLITE_BUSY') ?? false;

/** The disk under the local queue is full: nothing more can be written until space is freed. */
export const isDiskFull = (error: unknown): boolean => codeOf(error) === 'SQLITE_FULL' || codeOf(error) === 'ENOSPC';

/**
 * Runs work that can wait for a later time (housekeeping), unless the disk is full; gives whether
 * it ran. Reading the queue must not depend on it.
 */
export function unlessDiskFull(work: () => void): boolean {
  try {
    work();
    return true;
  } catch (error) {
    if (isDiskFull(error)) return false;
    throw error;
  }
}
