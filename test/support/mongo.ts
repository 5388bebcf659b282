import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';

/** The run's MongoDB-compatible server (see global-setup.ts). */
export const mongoUri = (): string => inject('mongoUri');

/**
 * The run's server whose updates are atomic per document and whose lookups by `_id` alone are
 * indexed (mongo-java-server, or MONGODB_URI): for the write paths, races and timings that FerretDB
 * cannot show. See docs/test-servers.md for where it still differs from MongoDB.
 */
export const atomicMongoUri = (): string => inject('atomicMongoUri');

/** A client to the run's server (or `uri`'s) for this test file, to read back what the engine wrote. */
export function mongoForSuite(uri: () => string = mongoUri): () => MongoClient {
  let client: MongoClient | undefined;
  beforeAll(async () => {
    client = await new MongoClient(uri()).connect();
  });
  afterAll(async () => {
    await client?.close();
  });
  return () => {
    if (!client) throw new Error('the MongoDB client is not connected yet');
    return client;
  };
}
