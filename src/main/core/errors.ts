/** A problem with the file itself (unreadable, not the expected shape): fails the job, with a
 * message naming the file and where in it. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}
