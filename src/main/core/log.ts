import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionView, JobView } from '../../preload/contract';

export const LOG_FILE_NAME = 'import-console.log';
/** A log file is rotated at this size, and this many older ones are kept. */
const MAX_BYTES = 5 * 1024 * 1024;
const KEPT = 3;

export type LogLevel = 'info' | 'warn' | 'error';

/**
 * Structured logs: one JSON object a line (time, level, event, fields), in the app's logs
 * folder, rotated by size. Written synchronously, a line at a time, so nothing is lost when the
 * app stops. Never given a URI with credentials or a row's content: only ids, states, counts and
 * the messages a user also sees.
 */
export class Log {
  private readonly file: string;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, LOG_FILE_NAME);
  }

  write(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
    const line = `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
    try {
      this.rotateIfFull(Buffer.byteLength(line));
      appendFileSync(this.file, line);
    } catch {
      // A full disk or a read-only folder must not stop an import: the log is a help, not a duty.
    }
  }

  private rotateIfFull(adding: number): void {
    let size = 0;
    try {
      size = statSync(this.file).size;
    } catch {
      return;
    }
    if (size + adding <= MAX_BYTES) return;
    rmSync(`${this.file}.${KEPT}`, { force: true });
    for (let n = KEPT - 1; n >= 1; n--) {
      try {
        renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(this.file, `${this.file}.1`);
  }
}

/** What a job's change says in the log: its state changes, not every progress tick. */
export function logJob(log: Log, job: JobView, previous: JobView['state'] | undefined): void {
  if (previous === job.state) return;
  const level: LogLevel = job.state === 'failed' ? 'error' : job.state === 'waiting' ? 'warn' : 'info';
  log.write(level, 'job', {
    jobId: job.id,
    file: job.fileName,
    state: job.state,
    from: previous ?? null,
    rowsParsed: job.rowsParsed,
    rowsWritten: job.rowsWritten,
    rowsUnchanged: job.rowsUnchanged,
    rowsFailed: job.rowsFailed,
    batchId: job.upload?.batchId ?? null,
    message: job.message,
  });
}

export function logConnection(log: Log, view: ConnectionView): void {
  log.write(view.state === 'offline' ? 'warn' : 'info', 'connection', {
    state: view.state,
    server: view.server,
    message: view.message,
  });
}
