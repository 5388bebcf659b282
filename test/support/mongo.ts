import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';

/** The run's MongoDB-compatible server (see global-setup.ts). */
export const mongoUri = (): string => inject('mongoUri');

/** A client to the run's server for this test file, to read back what the engine wrote. */
export function mongoForSuite(): () => MongoClient {
  let client: MongoClient | undefined;
  beforeAll(async () => {
    client = await new MongoClient(mongoUri()).connect();
  });
  afterAll(async () => {
    await client?.close();
  });
  return () => {
    if (!client) throw new Error('the MongoDB client is not connected yet');
    return client;
  };
}
