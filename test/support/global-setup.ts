import type { TestProject } from 'vitest/node';
import { FerretDbServer } from './ferretdb';
import { JavaMongoServer } from './java-mongo';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    /** A server whose updates are atomic per document and whose lookups by `_id` alone are indexed. */
    atomicMongoUri: string;
  }
}

/**
 * The run's MongoDB-compatible servers: MONGODB_URI for both if given, else a fresh FerretDB (the
 * compatibility check) and a fresh mongo-java-server (the one that writes like MongoDB), started
 * side by side.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    project.provide('atomicMongoUri', process.env.MONGODB_URI);
    return undefined;
  }
  const [ferretDb, javaMongo] = await Promise.allSettled([FerretDbServer.launch(), JavaMongoServer.launch()]);
  if (ferretDb.status === 'rejected' || javaMongo.status === 'rejected') {
    // The one that did start would otherwise outlive the run.
    if (ferretDb.status === 'fulfilled') await ferretDb.value.destroy();
    if (javaMongo.status === 'fulfilled') await javaMongo.value.destroy();
    throw ferretDb.status === 'rejected' ? ferretDb.reason : (javaMongo as PromiseRejectedResult).reason;
  }
  project.provide('mongoUri', ferretDb.value.uri);
  project.provide('atomicMongoUri', javaMongo.value.uri);
  return async () => {
    await Promise.all([ferretDb.value.destroy(), javaMongo.value.destroy()]);
  };
}
