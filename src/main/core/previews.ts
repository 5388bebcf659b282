import { basename, resolve } from 'node:path';
import type { FilePreview, JobView } from '../../preload/contract';
import { ImportFileError } from './errors';
import { fileSha256 } from './ingest/file-hash';
import { blankPreview } from './ingest/preview';
import { fileFormat } from './ingest/read-file';
import { previewInWorker } from './ingest/run-worker';
import type { JobProfile } from './sources/profile';

/** What the caller of a preview gets when a newer preview of the same file, or a cancel, stopped it. */
export class PreviewCancelled extends Error {
  override name = 'PreviewCancelled';
}

/** Why a preview was stopped when nobody cancelled it. */
class PreviewTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the preview ran past its ${ms} ms limit`);
  }
}

export interface PreviewLimits {
  /** The heap cap of staging's workers. */
  heapMb: number;
  timeoutMs: number;
}

/** The earlier job that imported a file of this digest for the preview's source, if any. */
export type EarlierImport = (sha256: string) => JobView | null;

/** A message about a file that names it first, as the readers' own messages do (a worker's heap cap does not). */
const naming = (fileName: string, message: string): string =>
  message.startsWith(`${fileName}: `) ? message : `${fileName}: ${message}`;

const unreadable = (filePath: string, profile: JobProfile, problem: string): FilePreview => ({
  ...blankPreview(filePath, profile, problem),
  earlierImport: null,
});

const stopped = (fileName: string, { ms }: PreviewTimeout): string =>
  `${fileName}: the preview took longer than ${(ms / 1000).toLocaleString('en-US')} s, so it was stopped; ` +
  'a file this slow to read is very large or damaged (IMPORT_PREVIEW_TIMEOUT_MS sets the limit)';

/**
 * The previews running in this process, at most one per file: a new preview of a file, or
 * cancel(), ends the one running (its worker and its file read), and that preview's caller gets
 * PreviewCancelled. The page asks again after every mapping edit, so without this a slow file
 * would have a worker running for each edit. A preview that passes its time limit or its worker's
 * heap cap ends as its problem: a hostile file is the preview's to report, never the process's.
 */
export class Previews {
  private readonly running = new Map<string, AbortController>();

  async run(
    filePath: string,
    profile: JobProfile,
    limits: PreviewLimits,
    earlierImport: EarlierImport,
  ): Promise<FilePreview> {
    // A file of no importable format has no preview, not even a blank one: this throws.
    fileFormat(filePath);
    const fileName = basename(filePath);
    const key = resolve(filePath);
    this.cancel(filePath);
    const controller = new AbortController();
    this.running.set(key, controller);
    const { signal } = controller;
    const timer = setTimeout(() => {
      controller.abort(new PreviewTimeout(limits.timeoutMs));
    }, limits.timeoutMs);
    try {
      const [preview, sha256] = await Promise.all([
        previewInWorker(filePath, profile, limits.heapMb, signal),
        fileSha256(filePath, signal),
      ]);
      return { ...preview, earlierImport: earlierImport(sha256) };
    } catch (error) {
      const reason: unknown = signal.reason;
      if (reason instanceof PreviewTimeout) return unreadable(filePath, profile, stopped(fileName, reason));
      if (signal.aborted) throw new PreviewCancelled(`${fileName}: the preview was cancelled`);
      // Past the heap cap, or no file there: the file's problem, as it would be a job's.
      if (error instanceof ImportFileError) return unreadable(filePath, profile, naming(fileName, error.message));
      throw error;
    } finally {
      clearTimeout(timer);
      // However it ended, neither its worker nor its file read outlives it.
      controller.abort();
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  /** Stops the preview of a file, if one runs; gives whether one did. */
  cancel(filePath: string): boolean {
    const key = resolve(filePath);
    const running = this.running.get(key);
    this.running.delete(key);
    running?.abort();
    return running !== undefined;
  }

  /** Stops every preview, as the engine closes. */
  cancelAll(): void {
    for (const filePath of [...this.running.keys()]) this.cancel(filePath);
  }
}
