import { FINAL_JOB_STATES, type JobView } from '../../../../preload/contract';

/** Rows a job had done at a moment, in the phase it was in. */
export interface Sample {
  at: number;
  rows: number;
  phase: Phase;
}

/** Reading counts rows read; syncing counts rows MongoDB took (written or unchanged). */
export type Phase = 'read' | 'sync' | 'other';

/** Samples kept per job: a minute of history at the few updates a second main sends. */
const MAX_SAMPLES = 120;
/** The window rows per second are worked out over: long enough to smooth chunk steps. */
const RATE_WINDOW_MS = 5000;

function phaseOf(job: JobView): Phase {
  if (job.state === 'parsing') return 'read';
  return job.state === 'syncing' ? 'sync' : 'other';
}

function rowsDone(job: JobView): number {
  return phaseOf(job) === 'read' ? job.rowsParsed : job.rowsWritten + job.rowsUnchanged;
}

/** The samples with one more; a new phase starts a new series, as its rows count other work. */
export function withSample(samples: readonly Sample[], job: JobView, at: number): Sample[] {
  const phase = phaseOf(job);
  const sample = { at, rows: rowsDone(job), phase };
  const kept = samples.length > 0 && samples[samples.length - 1]?.phase === phase ? samples : [];
  return [...kept, sample].slice(-MAX_SAMPLES);
}

/** Rows per second over the last few seconds, or null when there is too little to tell. */
export function rowsPerSecond(samples: readonly Sample[]): number | null {
  const last = samples[samples.length - 1];
  if (!last || last.phase === 'other') return null;
  const first = samples.find((sample) => last.at - sample.at <= RATE_WINDOW_MS) ?? last;
  const seconds = (last.at - first.at) / 1000;
  return seconds < 0.5 ? null : Math.max(0, (last.rows - first.rows) / seconds);
}

/** Seconds left while syncing, at the current rate; null when it cannot be told. */
export function secondsLeft(job: JobView, rate: number | null): number | null {
  if (phaseOf(job) !== 'sync' || rate === null || rate <= 0) return null;
  return Math.max(0, (job.rowsStaged - rowsDone(job)) / rate);
}

/** How long the job has run: until now, or until its last change once it ended. */
export function elapsedMs(job: JobView, now: number): number {
  const end = FINAL_JOB_STATES.has(job.state) ? Date.parse(job.updatedAt) : now;
  return Math.max(0, end - Date.parse(job.createdAt));
}

/** A duration as people read it: 45 s, 3 min 20 s, 1 h 05 min. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Rows per second between each sample and the one before it, for the chart. */
export function rateSeries(samples: readonly Sample[]): number[] {
  return samples.slice(1).map((sample, i) => {
    const before = samples[i] as Sample;
    const seconds = (sample.at - before.at) / 1000;
    return seconds > 0 ? Math.max(0, (sample.rows - before.rows) / seconds) : 0;
  });
}
