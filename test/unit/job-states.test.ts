import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_STATES, type JobState } from '../../src/preload/contract';
import { openDatabase } from '../../src/main/core/store/database';
import { createJob, requireJob, setJobState } from '../../src/main/core/store/jobs';
import { profile } from '../support/profile';
import { tempDir } from '../support/temp';

/**
 * Every move the engine makes, and only those: from each state, where a job may go. Staying put
 * (a new message) is always allowed.
 */
const LEGAL: Record<JobState, JobState[]> = {
  queued: ['parsing', 'paused', 'failed', 'cancelled'],
  parsing: ['queued', 'staged', 'paused', 'failed', 'cancelled'],
  staged: ['waiting', 'syncing', 'paused', 'failed', 'cancelled'],
  waiting: ['syncing', 'paused', 'failed', 'cancelled'],
  syncing: ['staged', 'waiting', 'paused', 'completed', 'completed_with_errors', 'failed', 'cancelled'],
  paused: ['queued', 'staged', 'cancelled'],
  completed: [],
  completed_with_errors: ['staged'],
  failed: ['queued', 'staged'],
  cancelled: [],
};

describe('job state transitions', () => {
  const db = openDatabase(join(tempDir(), 'q.sqlite'));
  const jobIn = (state: JobState) => {
    const job = createJob(db, '/files/cat.csv', profile());
    db.prepare('UPDATE jobs SET state = ?, message = ? WHERE id = ?').run(state, 'before', job.id);
    return job.id;
  };

  const pairs = JOB_STATES.flatMap((from) => JOB_STATES.map((to) => [from, to] as const));

  it.each(pairs.filter(([from, to]) => from === to || LEGAL[from].includes(to)))('allows %s -> %s', (from, to) => {
    const id = jobIn(from);
    expect(setJobState(db, id, to, 'after')).toMatchObject({ state: to, message: 'after' });
  });

  it.each(pairs.filter(([from, to]) => from !== to && !LEGAL[from].includes(to)))(
    'refuses %s -> %s, changing nothing',
    (from, to) => {
      const id = jobIn(from);
      expect(() => setJobState(db, id, to, 'after')).toThrow(`cat.csv: a job cannot go from ${from} to ${to}`);
      expect(requireJob(db, id)).toMatchObject({ state: from, message: 'before' });
    },
  );
});
