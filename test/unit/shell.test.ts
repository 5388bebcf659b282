import { describe, expect, it } from 'vitest';
import { closeChoice, closePrompt, jobEndNotification, LONG_JOB_MS } from '../../src/main/shell';
import type { JobView } from '../../src/preload/contract';

const job = (fileName: string, state: JobView['state'], counts: Partial<JobView> = {}): JobView =>
  ({ fileName, state, rowsWritten: 0, rowsUnchanged: 0, rowsFailed: 0, message: null, ...counts }) as JobView;

describe('the shell around jobs', () => {
  it('asks before closing only while imports run, naming them', () => {
    expect(closePrompt([job('a.csv', 'completed'), job('b.csv', 'paused')])).toBeNull();
    const prompt = closePrompt([
      job('a.csv', 'syncing'),
      job('b.csv', 'waiting'),
      job('c.csv', 'parsing'),
      job('d.csv', 'queued'),
      job('e.csv', 'completed'),
    ]);
    expect(prompt).toMatchObject({
      message: '4 imports are still running',
      buttons: ['Keep syncing in the background', 'Stop and quit', 'Cancel'],
      defaultId: 0,
      cancelId: 2,
    });
    expect(prompt?.detail).toMatch(/^a\.csv, b\.csv, c\.csv and 1 more\. Keep syncing/);
    expect([0, 1, 2, -1].map(closeChoice)).toEqual(['background', 'quit', 'cancel', 'cancel']);
  });

  it('notifies the end of a long job only, with its outcome', () => {
    const started = 0;
    expect(jobEndNotification(job('a.csv', 'completed'), started, LONG_JOB_MS - 1)).toBeNull();
    expect(jobEndNotification(job('a.csv', 'syncing'), started, LONG_JOB_MS * 2)).toBeNull();
    expect(
      jobEndNotification(
        job('a.csv', 'completed_with_errors', { rowsWritten: 98_000, rowsFailed: 2000 }),
        started,
        LONG_JOB_MS,
      ),
    ).toEqual({ title: 'a.csv imported with 2,000 failed rows', body: '98,000 written, 0 unchanged, 2,000 failed' });
    expect(
      jobEndNotification(job('a.csv', 'failed', { message: 'MongoDB refused the login' }), started, LONG_JOB_MS),
    ).toEqual({ title: 'a.csv failed', body: 'MongoDB refused the login' });
  });
});
