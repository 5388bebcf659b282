import type { StageTotals } from './stage';

export type WorkerMessage =
  | { type: 'progress'; totals: StageTotals }
  | { type: 'done'; totals: StageTotals }
  | { type: 'failed'; name: string; message: string };
