import type { Db } from '../../src/main/core/store/database';
import { setJobState } from '../../src/main/core/store/jobs';
import type { JobState, JobView } from '../../src/preload/contract';

/** The way the engine takes a new (queued) job to each state. */
const WAY: Record<JobState, JobState[]> = {
  queued: [],
  parsing: ['parsing'],
  staged: ['parsing', 'staged'],
  waiting: ['parsing', 'staged', 'waiting'],
  syncing: ['parsing', 'staged', 'syncing'],
  paused: ['paused'],
  completed: ['parsing', 'staged', 'syncing', 'completed'],
  completed_with_errors: ['parsing', 'staged', 'syncing', 'completed_with_errors'],
  failed: ['failed'],
  cancelled: ['cancelled'],
};

/** Moves a queued job to `state` by the moves the engine makes, each one allowed (store/jobs.ts). */
export function moveJobTo(db: Db, id: string, state: JobState, message: string | null = null): JobView {
  let job: JobView | undefined;
  for (const step of WAY[state]) job = setJobState(db, id, step, message);
  if (!job) throw new Error(`moveJobTo: a new job is ${state} already`);
  return job;
}
