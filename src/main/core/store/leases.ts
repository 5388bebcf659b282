import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from './database';

/** How long a lease holds without renewal (IMPORT_LEASE_TTL_MS): a process that stopped renewing has gone. */
export const LEASE_TTL_MS = 30_000;
/**
 * Expired leases a process on this machine that is still alive keeps this many times over: the OS
 * or a debugger may have stopped it for a while (a sleeping laptop), and it goes on when woken. Past
 * that it is taken for a process whose pid was reused, and its lease is taken over; fencing
 * (LeaseLost) then makes it give the job up cleanly if it ever goes on.
 */
const LIVE_OWNER_GRACE = 20;

/** The job's lease is no longer this process's: another one took the job over. */
export class LeaseLost extends Error {
  override name = 'LeaseLost';
  constructor(jobId: string) {
    super(`job ${jobId} was taken over by another Import Console process; this one has given it up`);
  }
}

/** This process as a lease owner: pid and host, so that a dead owner on this machine is seen at once. */
export function processOwner(): string {
  return `${process.pid}@${hostname()}#${randomUUID().slice(0, 8)}`;
}

function ownerAlive(owner: string): boolean {
  const pid = localPid(owner);
  // Another machine's process (a shared folder) is judged by its lease's expiry alone.
  if (pid === null) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LeaseRow {
  lease_owner: string | null;
  lease_expires_at: number | null;
}

/** A lease owner's process id and host (processOwner), or null for an owner not in that form. */
function ownerParts(owner: string): { pid: number; host: string } | null {
  const match = /^(\d+)@(.*)#/.exec(owner);
  return match ? { pid: Number(match[1]), host: match[2] ?? '' } : null;
}

/** This machine's process of a lease owner, or null for another machine's. */
function localPid(owner: string): number | null {
  const parts = ownerParts(owner);
  return parts?.host === hostname() ? parts.pid : null;
}

/**
 * True when another process holds the job's lease: one on another machine until its lease
 * expires; one on this machine while it is alive, for a long while even once its lease has
 * expired (stopped processes renew nothing).
 */
function heldByOther(row: LeaseRow, owner: string, now: number, ttl: number): boolean {
  if (row.lease_owner === null || row.lease_owner === owner) return false;
  const expiresAt = row.lease_expires_at ?? 0;
  if (!ownerAlive(row.lease_owner)) return false;
  if (expiresAt > now) return true;
  return localPid(row.lease_owner) !== null && expiresAt + LIVE_OWNER_GRACE * ttl > now;
}

/**
 * Runs `work` in one write transaction with the check that this process still holds the job's
 * lease: what a process records of a job once another took it over is refused (LeaseLost).
 */
export function whileHolding<T>(db: Db, jobId: string, owner: string, work: () => T): T {
  return db
    .transaction(() => {
      if (!holdsLease(db, jobId, owner)) throw new LeaseLost(jobId);
      return work();
    })
    .immediate();
}

/** True while this process holds the job's lease: every chunk and state change of its work checks it. */
export function holdsLease(db: Db, jobId: string, owner: string): boolean {
  const row = db.prepare('SELECT lease_owner FROM jobs WHERE id = ?').get(jobId) as
    { lease_owner: string | null } | undefined;
  return row?.lease_owner === owner;
}

/**
 * Takes the job for this process unless another live process holds it: the desktop app and the
 * CLI share one queue, and a job must never be staged or synced by two of them at once.
 */
export function claimLease(db: Db, jobId: string, owner: string, now = Date.now(), ttl = LEASE_TTL_MS): boolean {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT lease_owner, lease_expires_at FROM jobs WHERE id = ?').get(jobId) as
        LeaseRow | undefined;
      if (!row || heldByOther(row, owner, now, ttl)) return false;
      db.prepare('UPDATE jobs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?').run(owner, now + ttl, jobId);
      return true;
    })
    .immediate();
}

/**
 * The other live process that works on the job now, in words ("process 4242 on this machine",
 * "a process on laptop-7"), or null when none does.
 */
export function otherHolder(db: Db, jobId: string, owner: string, now = Date.now(), ttl = LEASE_TTL_MS): string | null {
  const row = db.prepare('SELECT lease_owner, lease_expires_at FROM jobs WHERE id = ?').get(jobId) as
    LeaseRow | undefined;
  if (row?.lease_owner == null || !heldByOther(row, owner, now, ttl)) return null;
  const pid = localPid(row.lease_owner);
  return pid === null
    ? `a process on ${ownerParts(row.lease_owner)?.host ?? 'another machine'}`
    : `process ${pid} on this machine`;
}

export function renewLeases(db: Db, owner: string, now = Date.now(), ttl = LEASE_TTL_MS): void {
  db.prepare('UPDATE jobs SET lease_expires_at = ? WHERE lease_owner = ?').run(now + ttl, owner);
}

export function releaseLease(db: Db, jobId: string, owner: string): void {
  db.prepare('UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ? AND lease_owner = ?').run(
    jobId,
    owner,
  );
}

/**
 * Jobs left mid-work by a process that is gone (crashed, killed, powered off): parsing or
 * syncing, with no live lease. Their new owner is this process.
 */
export function claimAbandoned(
  db: Db,
  owner: string,
  now = Date.now(),
  ttl = LEASE_TTL_MS,
): { id: string; state: string }[] {
  return db
    .transaction(() => {
      const rows = db
        .prepare("SELECT id, state, lease_owner, lease_expires_at FROM jobs WHERE state IN ('parsing', 'syncing')")
        .all() as ({ id: string; state: string } & LeaseRow)[];
      const abandoned = rows.filter((row) => !heldByOther(row, owner, now, ttl));
      for (const row of abandoned) {
        db.prepare('UPDATE jobs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?').run(owner, now + ttl, row.id);
      }
      return abandoned.map(({ id, state }) => ({ id, state }));
    })
    .immediate();
}
