import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import type { JobView } from '../../src/preload/contract';
import { tempDir } from './temp';

/** A fresh engine on its own data folder for each test of the suite, closed after it. */
export function engineForEachTest(): { dir: () => string; engine: () => ImportEngine } {
  let dir = '';
  let engine: ImportEngine | undefined;
  beforeEach(() => {
    dir = tempDir();
    engine = ImportEngine.open(join(dir, 'data'));
  });
  afterEach(() => engine?.close());
  return {
    dir: () => dir,
    engine: () => {
      if (!engine) throw new Error('the engine exists only inside a test');
      return engine;
    },
  };
}

/** Resolves with the first job event that matches. */
export function nextEvent(engine: ImportEngine, matches: (job: JobView) => boolean): Promise<JobView> {
  return new Promise((resolve) => {
    const stop = engine.onJob((job) => {
      if (!matches(job)) return;
      stop();
      resolve(job);
    });
  });
}
