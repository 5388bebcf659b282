import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from './database';

/** How long a lease holds without renewal: a process that stopped renewing has gone. */
export const LEASE_TTL_MS = 30_000;

/** This process as a lease owner: pid and host, so that a dead owner on this machine is seen at once. */
export function processOwner(): string {
  return `${process.pid}@${hostname()}#${randomUUID().slice(0, 8)}`;
}

function ownerAlive(owner: string): boolean {
  const match = /^(\d+)@(.*)#/.exec(owner);
  // Another machine's process (a shared folder) is judged by its lease's expiry alone.
  if (!match || match[2] !== hostname()) return true;
  try {
    process.kill(Number(match[1]), 0);
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

/** True when another live process holds the job's lease. */
function heldByOther(row: LeaseRow, owner: string, now: number): boolean {
  return (
    row.lease_owner !== null &&
    row.lease_owner !== owner &&
    (row.lease_expires_at ?? 0) > now &&
    ownerAlive(row.lease_owner)
  );
}

/**
 * Takes the job for this process unless another live process holds it: the desktop app and the
 * CLI share one queue, and a job must never be staged or synced by two of them at once.
 */
export function claimLease(db: Db, jobId: string, owner: string, now = Date.now()): boolean {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT lease_owner, lease_expires_at FROM jobs WHERE id = ?').get(jobId) as
        LeaseRow | undefined;
      if (!row || heldByOther(row, owner, now)) return false;
      db.prepare('UPDATE jobs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?').run(
        owner,
        now + LEASE_TTL_MS,
        jobId,
      );
      return true;
    })
    .immediate();
}

/** True when another live process works on the job now: only it can stop the work. */
export function leasedToOther(db: Db, jobId: string, owner: string, now = Date.now()): boolean {
  const row = db.prepare('SELECT lease_owner, lease_expires_at FROM jobs WHERE id = ?').get(jobId) as
    LeaseRow | undefined;
  return row !== undefined && heldByOther(row, owner, now);
}

export function renewLeases(db: Db, owner: string, now = Date.now()): void {
  db.prepare('UPDATE jobs SET lease_expires_at = ? WHERE lease_owner = ?').run(now + LEASE_TTL_MS, owner);
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
export function claimAbandoned(db: Db, owner: string, now = Date.now()): { id: string; state: string }[] {
  return db
    .transaction(() => {
      const rows = db
        .prepare("SELECT id, state, lease_owner, lease_expires_at FROM jobs WHERE state IN ('parsing', 'syncing')")
        .all() as ({ id: string; state: string } & LeaseRow)[];
      const abandoned = rows.filter((row) => !heldByOther(row, owner, now));
      for (const row of abandoned) {
        db.prepare('UPDATE jobs SET lease_owner = ?, lease_expires_at = ? WHERE id = ?').run(
          owner,
          now + LEASE_TTL_MS,
          row.id,
        );
      }
      return abandoned.map(({ id, state }) => ({ id, state }));
    })
    .immediate();
}
