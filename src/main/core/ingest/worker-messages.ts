import type { PostedError } from '../errors';
import type { JobProfile } from '../sources/profile';
import type { StageRequest, StageTotals } from './stage';

/** What an ingest worker is asked to do: stage a whole file, or preview its first rows. */
export type WorkerTask =
  { kind: 'stage'; request: StageRequest } | { kind: 'preview'; filePath: string; profile: JobProfile };

export type WorkerMessage =
  { type: 'progress'; totals: StageTotals } | { type: 'done'; result: unknown } | ({ type: 'failed' } & PostedError);
