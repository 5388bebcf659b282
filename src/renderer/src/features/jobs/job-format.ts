import type { JobState, JobView } from '../../../../preload/contract';

export const STATE_LABELS: Record<JobState, string> = {
  queued: 'Queued',
  parsing: 'Reading file',
  staged: 'Ready to sync',
  waiting: 'Waiting for connection',
  syncing: 'Syncing',
  paused: 'Paused',
  completed: 'Completed',
  completed_with_errors: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export type Tone = 'neutral' | 'active' | 'ok' | 'warn' | 'bad';

export const STATE_TONES: Record<JobState, Tone> = {
  queued: 'neutral',
  parsing: 'active',
  staged: 'neutral',
  waiting: 'warn',
  syncing: 'active',
  paused: 'neutral',
  completed: 'ok',
  completed_with_errors: 'warn',
  failed: 'bad',
  cancelled: 'neutral',
};

export interface ProgressValue {
  /** undefined makes <progress> indeterminate. */
  value: number | undefined;
  max: number;
}

export function jobProgress(job: JobView): ProgressValue {
  switch (job.state) {
    case 'parsing':
      // The total row count is unknown until the whole file has been read.
      return { value: undefined, max: 1 };
    case 'completed':
    case 'completed_with_errors':
      return { value: 1, max: 1 };
    default: {
      // By chunks: a chunk counts once MongoDB acknowledged it, which is what the user waits for.
      const chunks = totalChunks(job);
      return chunks === 0 ? { value: 0, max: 1 } : { value: Math.min(job.chunksWritten, chunks), max: chunks };
    }
  }
}

export function totalChunks(job: JobView): number {
  return job.chunkSize > 0 ? Math.ceil(job.rowsStaged / job.chunkSize) : 0;
}
