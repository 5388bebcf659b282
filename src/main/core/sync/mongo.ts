import {
  MongoClient,
  MongoError,
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type MongoClientOptions,
} from 'mongodb';
import type { ConnectionTest } from '../../../preload/contract';
import { refusedUriOption, withoutSecondaryReadOptions } from './uri-options';

/**
 * How the job's client reads and writes, whatever the URI says (the driver lets options given
 * here override the URI's): writes read back from a secondary could look lost, a write
 * acknowledged by one member can be rolled back after a failover, and a write retried once
 * after a network error spares a whole chunk's resend.
 */
export const JOB_CLIENT_SETTINGS = {
  readPreference: 'primary',
  writeConcern: { w: 'majority' },
  retryWrites: true,
} as const satisfies MongoClientOptions;

/** Refuses a URI the job must not write with (see refusedUriOption) before any connection. */
export function createClient(uri: string): MongoClient {
  const refused = refusedUriOption(uri);
  if (refused) throw new Error(refused);
  return new MongoClient(withoutSecondaryReadOptions(uri), {
    appName: 'Import Console',
    // Fail fast when the server is away: the job then waits, staged, instead of hanging.
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    ...JOB_CLIENT_SETTINGS,
  });
}

/**
 * True when the server refused an operation for want of a privilege: code 13 from MongoDB, or
 * Atlas's own refusal of an action its custom role leaves out.
 */
export function isUnauthorized(error: unknown): boolean {
  if (!(error instanceof MongoServerError)) return false;
  return error.code === 13 || (error.code === 8000 && /not allowed to do action/i.test(error.message));
}

/**
 * Server codes of failures that pass: a primary stepping down or shutting down, a network
 * timeout seen by the server. (MongoDB's own list of retryable write errors.)
 */
const TRANSIENT_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * True when the work is not at fault and the same write may succeed later: the server could not
 * be reached, the connection broke, or a primary stepped down. Such failures make a job retry or
 * wait, never error rows.
 */
export function isTransientError(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  return (
    error instanceof MongoError &&
    (error.hasErrorLabel('RetryableWriteError') || TRANSIENT_CODES.has(Number(error.code)))
  );
}

/** The hosts of a URI without credentials, for messages and logs. */
export function describeServer(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return match?.[1] ?? 'the configured server';
}

/**
 * Connects to a server once and asks its version: the Settings' "Test connection". Never throws;
 * a failure comes back with the driver's own message (wrong port, bad credentials, TLS, DNS).
 */
export async function testConnection(uri: string): Promise<ConnectionTest> {
  const started = Date.now();
  const server = describeServer(uri);
  let client: MongoClient | undefined;
  try {
    client = createClient(uri);
    const info = (await client.db('admin').command({ buildInfo: 1 })) as { version?: unknown };
    const version = typeof info.version === 'string' ? info.version : null;
    return { ok: true, server, version, message: null, milliseconds: Date.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, server, version: null, message, milliseconds: Date.now() - started };
  } finally {
    await client?.close();
  }
}
