import type { MongoClient } from 'mongodb';

/**
 * What the code must know of the server it writes to. Everything is written to MongoDB's
 * documented behaviour; FerretDB's costs and limits (docs/test-servers.md) change two things only,
 * and only where `buildInfo` says the server is FerretDB.
 */
export interface ServerTraits {
  /** Update statements per command: FerretDB 1.24 hangs on a command of 100 or more. */
  updatesPerCommand: number;
  /**
   * Whether to read what a large job's target holds in one pass into SQLite: FerretDB scans the
   * collection for every `_id: {$in}` lookup, so per-chunk lookups cost seconds each there.
   */
  snapshots: boolean;
}

/** MongoDB's own limit of statements per write command. */
const MONGODB_BATCH = 100_000;

export const MONGODB_TRAITS: ServerTraits = { updatesPerCommand: MONGODB_BATCH, snapshots: false };
export const FERRETDB_TRAITS: ServerTraits = { updatesPerCommand: 50, snapshots: true };

/** Asks the server what it is (`buildInfo`: FerretDB adds `ferretdbVersion`). */
export async function serverTraits(client: MongoClient): Promise<ServerTraits> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  return 'ferretdbVersion' in info ? FERRETDB_TRAITS : MONGODB_TRAITS;
}
