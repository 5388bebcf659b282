/**
 * What the Electron shell asks and tells around jobs, as plain data so that it can be tested
 * without Electron: the question when the window closes while jobs run, and the OS
 * notification when a long job ends.
 */
import { FINAL_JOB_STATES, type JobView } from '../preload/contract';

/** A job that ran at least this long gets an OS notification when it ends. */
export const LONG_JOB_MS = 60_000;

const CLOSE_CHOICES = ['Keep syncing in the background', 'Stop and quit', 'Cancel'] as const;
export type CloseChoice = 'background' | 'quit' | 'cancel';

export interface ClosePrompt {
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}

export const runningJobs = (jobs: readonly JobView[]): JobView[] =>
  jobs.filter((job) => !FINAL_JOB_STATES.has(job.state) && job.state !== 'paused');

/** The question to ask when the window closes, or null when nothing runs and it may just close. */
export function closePrompt(jobs: readonly JobView[]): ClosePrompt | null {
  const running = runningJobs(jobs);
  if (running.length === 0) return null;
  const names = running
    .slice(0, 3)
    .map((job) => job.fileName)
    .join(', ');
  const more = running.length > 3 ? ` and ${(running.length - 3).toLocaleString()} more` : '';
  return {
    message: `${running.length.toLocaleString()} import${running.length > 1 ? 's are' : ' is'} still running`,
    detail:
      `${names}${more}. Keep syncing in the background (the app quits when they are done), or stop now: ` +
      'nothing is lost, and unfinished imports go on the next time the app starts.',
    buttons: [...CLOSE_CHOICES],
    defaultId: 0,
    cancelId: 2,
  };
}

export const closeChoice = (button: number): CloseChoice =>
  button === 0 ? 'background' : button === 1 ? 'quit' : 'cancel';

/** The OS notification for a job that just ended after running long, or null. */
export function jobEndNotification(
  job: JobView,
  startedAt: number,
  now: number,
): { title: string; body: string } | null {
  if (!FINAL_JOB_STATES.has(job.state) || now - startedAt < LONG_JOB_MS) return null;
  const n = (value: number): string => value.toLocaleString();
  const title =
    job.state === 'completed'
      ? `${job.fileName} imported`
      : job.state === 'completed_with_errors'
        ? `${job.fileName} imported with ${n(job.rowsFailed)} failed rows`
        : `${job.fileName} ${job.state === 'cancelled' ? 'cancelled' : 'failed'}`;
  const body =
    job.state === 'failed' && job.message
      ? job.message
      : `${n(job.rowsWritten)} written, ${n(job.rowsUnchanged)} unchanged, ${n(job.rowsFailed)} failed`;
  return { title, body };
}
