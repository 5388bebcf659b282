import type { HealthView, JobView } from '../../../../preload/contract';

export interface Alert {
  /** Stable while the condition lasts: a dismissed alert stays dismissed. */
  key: string;
  kind: 'job' | 'error_rate' | 'slow_job' | 'memory';
  text: string;
}

/** Above this share of failed rows (of at least MIN_ROWS read), a job is flagged. */
const ERROR_RATE_ALERT = 0.1;
const MIN_ROWS = 20;
/** A job reading or syncing that has not moved for this long is flagged as slow. */
export const STALL_MS = 60_000;

const n = (value: number): string => value.toLocaleString();

/** What the user should know now about the jobs and the app, most serious first. */
export function activeAlerts(jobs: readonly JobView[], health: HealthView | null, now: number): Alert[] {
  const alerts: Alert[] = [];
  if (health?.memoryPressure) {
    alerts.push({
      key: 'memory',
      kind: 'memory',
      text: `Memory pressure: the app uses ${n(health.rssMb)} MB (alert at ${n(health.thresholdMb)} MB). Pause some imports or close other programs.`,
    });
  }
  for (const job of jobs) {
    if (job.rowsParsed >= MIN_ROWS && job.rowsFailed / job.rowsParsed > ERROR_RATE_ALERT) {
      const share = Math.round((job.rowsFailed / job.rowsParsed) * 100);
      alerts.push({
        key: `error_rate:${job.id}`,
        kind: 'error_rate',
        text: `High error rate in ${job.fileName}: ${share}% of rows failed (${n(job.rowsFailed)} of ${n(job.rowsParsed)}).`,
      });
    }
    const still = now - Date.parse(job.updatedAt);
    if ((job.state === 'parsing' || job.state === 'syncing') && still >= STALL_MS) {
      alerts.push({
        key: `slow_job:${job.id}`,
        kind: 'slow_job',
        text: `${job.fileName} has made no progress for ${n(Math.floor(still / 60_000))} min.`,
      });
    }
    // A split file's parts all carry the file's alert: it is said once, for the first part. The
    // job's alert (a large batch, an index or privilege it went without) grows as the job goes
    // on: keyed by its text, what is added is shown even where the user dismissed what was there.
    if (job.alert !== null && (job.batchPart ?? 1) === 1) {
      alerts.push({ key: `job:${job.id}:${job.alert}`, kind: 'job', text: `${job.fileName}: ${job.alert}` });
    }
  }
  return alerts;
}
