import { engineConfig } from '../../src/main/core/config';
import { jobProfile, type JobProfile } from '../../src/main/core/sources/profile';
import { defaultSource, type SourceInput, type Target } from '../../src/preload/contract';

export const TARGET = { wholesalerId: 'W-1', database: 'd', collection: 'c' };

/** A source as a user would save it: the default one, changed where the test says. */
export function source(changes: Partial<SourceInput> = {}): SourceInput {
  return { ...defaultSource(TARGET, 'test source'), ...changes };
}

/** What a job runs under for that source, with the environment's default limits. */
export function profile(changes: Partial<SourceInput> = {}): JobProfile {
  return jobProfile(source(changes), engineConfig({}).limits);
}

/** A source for a target that takes a file of any size as one job (oversize policy accept). */
export function wholeFile(target: Target): SourceInput {
  return source({ ...target, limits: { ...source().limits, oversize: 'accept' } });
}
