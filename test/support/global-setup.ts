import type { TestProject } from 'vitest/node';
import { FerretDbServer } from './ferretdb';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** One MongoDB-compatible server for the run: MONGODB_URI if given, else a fresh FerretDB. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    return undefined;
  }
  const server = await FerretDbServer.launch();
  project.provide('mongoUri', server.uri);
  return () => server.destroy();
}
