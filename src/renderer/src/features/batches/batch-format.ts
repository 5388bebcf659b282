import type { BatchOrigin, BatchState, BatchView } from '../../../../preload/contract';
import type { Tone } from '../jobs/job-format';

export const BATCH_STATE_LABELS: Record<BatchState, string> = {
  incomplete: 'Incomplete',
  in_progress: 'In progress',
  complete: 'Complete',
  partial_success: 'Partial success',
  failed: 'Failed',
};

export const BATCH_STATE_TONES: Record<BatchState, Tone> = {
  incomplete: 'warn',
  in_progress: 'active',
  complete: 'ok',
  partial_success: 'warn',
  failed: 'bad',
};

export const ORIGIN_LABELS: Record<BatchOrigin, string> = {
  user: 'from import dialog/CLI',
  envelope: 'from JSON envelope',
  file_name: 'from file names',
  implicit: 'implicit: same source within the time window',
};

export function partsReceived(batch: BatchView): string {
  const received = batch.parts.length.toLocaleString();
  if (batch.totalParts !== null) return `${received} of ${batch.totalParts.toLocaleString()} parts`;
  return `${received} ${batch.parts.length === 1 ? 'part' : 'parts'}`;
}

/** null when every declared part has arrived. */
export function missingParts(batch: BatchView): string | null {
  const { missingParts: missing } = batch;
  if (missing.length === 0) return null;
  const list = missing.map((part) => part.toLocaleString()).join(', ');
  return `Missing ${missing.length === 1 ? 'part' : 'parts'} ${list}`;
}
