import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/store/database';
import { createJob } from '../../src/main/core/store/jobs';
import type { JobState } from '../../src/preload/contract';
import {
  claimAbandoned,
  claimLease,
  holdsLease,
  LEASE_TTL_MS,
  processOwner,
  releaseLease,
  renewLeases,
} from '../../src/main/core/store/leases';
import { moveJobTo } from '../support/job-state';
import { profile } from '../support/profile';
import { deadOwner } from '../support/leases';
import { tempDir } from '../support/temp';

describe('job leases', () => {
  it('gives a job to one live process at a time; a live one on this machine keeps it long past its expiry', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/tmp/a.csv', profile());
    const app = processOwner();
    const cli = processOwner();
    const now = Date.now();
    expect(claimLease(db, job.id, app, now)).toBe(true);
    expect(claimLease(db, job.id, cli, now + 1000)).toBe(false);
    expect(claimLease(db, job.id, app, now + 1000)).toBe(true);
    renewLeases(db, app, now + LEASE_TTL_MS);
    // Stopped by the OS or a debugger, the app renews nothing: it keeps the job all the same.
    expect(claimLease(db, job.id, cli, now + 2 * LEASE_TTL_MS + 1)).toBe(false);
    expect(claimLease(db, job.id, cli, now + 10 * LEASE_TTL_MS)).toBe(false);
    // So long past its expiry, its pid is taken for one reused by an unrelated process.
    expect(claimLease(db, job.id, cli, now + 30 * LEASE_TTL_MS)).toBe(true);
    expect(holdsLease(db, job.id, app)).toBe(false);
    releaseLease(db, job.id, cli);
    expect(claimLease(db, job.id, app, now + 30 * LEASE_TTL_MS + 2)).toBe(true);
    db.close();
  });

  it("judges another machine's process by its lease's expiry alone", () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/tmp/a.csv', profile());
    const elsewhere = '4242@another-host.example#abcd1234';
    const now = Date.now();
    expect(claimLease(db, job.id, elsewhere, now)).toBe(true);
    expect(claimLease(db, job.id, processOwner(), now + LEASE_TTL_MS - 1)).toBe(false);
    expect(claimLease(db, job.id, processOwner(), now + LEASE_TTL_MS + 1)).toBe(true);
    db.close();
  });

  it('takes over at once a lease whose process on this machine is gone', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const job = createJob(db, '/tmp/a.csv', profile());
    const gone = deadOwner('killed');
    expect(claimLease(db, job.id, gone)).toBe(true);
    expect(claimLease(db, job.id, processOwner())).toBe(true);
    db.close();
  });

  it('finds the jobs a dead process left parsing or syncing, not those a live one works on', () => {
    const db = openDatabase(join(tempDir(), 'q.sqlite'));
    const jobs = ['parsing', 'syncing', 'syncing', 'staged'].map((state) => {
      const job = createJob(db, `/tmp/${state}.csv`, profile());
      moveJobTo(db, job.id, state as JobState);
      return job.id;
    });
    const [parsing, syncingDead, syncingLive, staged] = jobs as [string, string, string, string];
    claimLease(db, parsing, deadOwner('a'));
    claimLease(db, syncingDead, deadOwner('b'));
    claimLease(db, syncingLive, processOwner());
    claimLease(db, staged, deadOwner('c'));
    const me = processOwner();
    expect(claimAbandoned(db, me).sort((a, b) => a.state.localeCompare(b.state))).toEqual([
      { id: parsing, state: 'parsing' },
      { id: syncingDead, state: 'syncing' },
    ]);
    expect(claimLease(db, syncingLive, me)).toBe(false);
    db.close();
  });
});
