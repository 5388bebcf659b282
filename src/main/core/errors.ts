/** A problem with the file itself (unreadable, not the expected shape): fails the job, with a
 * message naming the file and where in it. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

/**
 * A worker thread that ran out of its heap cap, as the job's error: the file's doing, not a
 * crash. Null for any other worker error.
 */
export function outOfMemoryError(error: Error, heapMb: number | undefined): ImportFileError | null {
  if (!('code' in error) || error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return null;
  const heap = heapMb ? `the ${heapMb} MB` : 'the memory';
  return new ImportFileError(`reading the file needed more than ${heap} an import may use, so it was stopped`);
}

/**
 * An error as a thread posts it: a class does not survive postMessage, its name does, and its
 * code (SQLite's, or the system's) tells a full disk from a broken file.
 */
export interface PostedError {
  name: string;
  message: string;
  code?: string;
}

export function postedError(error: unknown): PostedError {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(code === undefined ? {} : { code }),
  };
}

/** The error a thread posted, an ImportFileError again when it was one, with its code. */
export function revivedError({ name, message, code }: PostedError): Error {
  if (name === 'ImportFileError') return new ImportFileError(message);
  return code === undefined ? new Error(message) : Object.assign(new Error(message), { code });
}
