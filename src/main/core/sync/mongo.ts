import {
  MongoClient,
  MongoNetworkError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  type Collection,
} from 'mongodb';
import type { ProductDocument } from './document';

export function createClient(uri: string): MongoClient {
  return new MongoClient(uri, {
    appName: 'Import Console',
    // Fail fast when the server is away: the job then waits, staged, instead of hanging.
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
  });
}

export const ENTITY_INDEX_NAME = 'wholesaler_entity_unique';

/** One document per wholesaler and entity code: the key every write is upserted on. */
export async function ensureEntityIndex(collection: Pick<Collection<ProductDocument>, 'createIndexes'>): Promise<void> {
  await collection.createIndexes([
    { key: { wholesaler_id: 1, entity_code: 1 }, unique: true, name: ENTITY_INDEX_NAME },
  ]);
}

/** True when the server could not be reached or the connection broke: the work is not at fault. */
export function isConnectionError(error: unknown): boolean {
  return (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoTopologyClosedError
  );
}

/** The hosts of a URI without credentials, for messages and logs. */
export function describeServer(uri: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]+)/.exec(uri);
  return match?.[1] ?? 'the configured server';
}
