import { FINAL_JOB_STATES, type JobView } from '../preload/contract';

/**
 * Forwards job updates at most once per interval per job (the latest one wins), so a job
 * staging 20,000 rows a second does not flood the renderer. State changes go out at once.
 */
export function forwardJobEvents(
  subscribe: (listener: (job: JobView) => void) => () => void,
  send: (job: JobView) => void,
  intervalMs = 250,
): () => void {
  const lastSent = new Map<string, { at: number; state: JobView['state'] }>();
  const pending = new Map<string, { job: JobView; timer: NodeJS.Timeout }>();

  const flush = (job: JobView): void => {
    const waiting = pending.get(job.id);
    if (waiting) clearTimeout(waiting.timer);
    pending.delete(job.id);
    lastSent.set(job.id, { at: Date.now(), state: job.state });
    if (FINAL_JOB_STATES.has(job.state)) lastSent.delete(job.id);
    send(job);
  };

  const unsubscribe = subscribe((job) => {
    const last = lastSent.get(job.id);
    const due = !last || last.state !== job.state || Date.now() - last.at >= intervalMs;
    if (due) {
      flush(job);
      return;
    }
    const waiting = pending.get(job.id);
    if (waiting) waiting.job = job;
    else {
      const entry = {
        job,
        timer: setTimeout(
          () => {
            flush(entry.job);
          },
          intervalMs - (Date.now() - last.at),
        ),
      };
      pending.set(job.id, entry);
    }
  });

  return () => {
    unsubscribe();
    for (const { timer } of pending.values()) clearTimeout(timer);
    pending.clear();
  };
}
