import type { BatchInput } from '../../../../preload/contract';

/** The batch fields as typed. */
export interface BatchDraft {
  batchId: string;
  part: string;
  totalParts: string;
  totalItems: string;
}

export const EMPTY_BATCH: BatchDraft = { batchId: '', part: '', totalParts: '', totalItems: '' };

// main refuses more; saying so here names the field the user has to fix.
const MAX_BATCH_ID_LENGTH = 200;
const MAX_PARTS = 100_000;

class BatchProblem extends Error {}

/** A whole number from 1 to `max`; null when left blank. */
function wholeNumber(text: string, label: string, max: number): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(value) || value < 1) {
    throw new BatchProblem(`${label} must be a whole number of 1 or more, not “${trimmed}”`);
  }
  if (value > max) throw new BatchProblem(`${label} may be at most ${max.toLocaleString()}`);
  return value;
}

function toBatchInput(draft: BatchDraft, files: number): BatchInput | null {
  const batchId = draft.batchId.trim();
  if (batchId === '') return null;
  if (batchId.length > MAX_BATCH_ID_LENGTH) {
    throw new BatchProblem(`The batch ID may be at most ${MAX_BATCH_ID_LENGTH} characters`);
  }
  const part = wholeNumber(draft.part, 'Part', MAX_PARTS) ?? 1;
  const totalParts = wholeNumber(draft.totalParts, 'Total parts', MAX_PARTS);
  const totalItems = wholeNumber(draft.totalItems, 'Total items', Number.MAX_SAFE_INTEGER);
  // Several files become consecutive parts from `part` on.
  const lastPart = part + files - 1;
  if (totalParts !== null && lastPart > totalParts) {
    throw new BatchProblem(
      files === 1
        ? `Part ${part.toLocaleString()} is past the ${totalParts.toLocaleString()} parts declared`
        : `${files.toLocaleString()} files from part ${part.toLocaleString()} on go past the ${totalParts.toLocaleString()} parts declared`,
    );
  }
  return { batchId, part, totalParts, totalItems };
}

/**
 * The batch argument for importFiles (null without a batch ID), or what is wrong with the fields.
 * `files` is how many files go in, as consecutive parts.
 */
export function parseBatchDraft(draft: BatchDraft, files: number): { batch: BatchInput | null } | { problem: string } {
  try {
    return { batch: toBatchInput(draft, files) };
  } catch (error) {
    if (error instanceof BatchProblem) return { problem: `Batch: ${error.message}` };
    throw error;
  }
}

/** The fields after `files` parts were imported: the part after them, or empty once the last part is in. */
export function nextParts(draft: BatchDraft, batch: BatchInput, files: number): BatchDraft {
  const next = batch.part + files;
  return batch.totalParts !== null && next > batch.totalParts ? EMPTY_BATCH : { ...draft, part: String(next) };
}
