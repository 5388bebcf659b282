import type { FilePreview } from '../../preload/contract';
import { PreviewCancelled } from '../core/previews';
import { UsageError } from './args';
import { succeeded, type JobSummary } from './summary';

/** How a run ended, and the exit code that says so (README: The CLI). */
export const EXIT_CODES = { ok: 0, failed: 1, usage_error: 2, cancelled: 130 } as const;
export type Outcome = keyof typeof EXIT_CODES;

/**
 * What a run prints on stdout: `json` under --json, else `text` (null: nothing, its message went
 * to stderr). Every run gives exactly one, failures included, so that a script reading --json
 * always has one object to parse.
 */
export interface Result {
  outcome: Outcome;
  json: unknown;
  text: string | null;
}

const number = new Intl.NumberFormat('en-US');

/** A run that ended as it should, printing `json` or `text`. */
export const done = (json: unknown, text: string): Result => ({ outcome: 'ok', json, text });

/** A run that ended with nothing more to say than its outcome and why. */
const ended = (outcome: Outcome, message: string, text: string | null): Result => ({
  outcome,
  json: { outcome, message },
  text,
});

/** A run that Ctrl-C stopped before it had a result. */
export const cancelledRun = (message: string): Result => ended('cancelled', message, message);

/** A run that an error ended: a usage error, a preview Ctrl-C cancelled, or a failure (said on stderr). */
export function stoppedBy(error: unknown): Result {
  if (error instanceof PreviewCancelled) return cancelledRun(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return ended(error instanceof UsageError ? 'usage_error' : 'failed', message, null);
}

/** An import's summary; when rows failed, its message says so first, since the job's own may not. */
export function importResult(summary: JobSummary, earlierImportJobId: string | null, text: string): Result {
  const outcome: Outcome = summary.state === 'cancelled' ? 'cancelled' : succeeded(summary) ? 'ok' : 'failed';
  const rowsFailed =
    outcome === 'failed' && summary.failed > 0
      ? `${number.format(summary.failed)} of ${number.format(summary.rowsRead)} rows failed (firstErrors lists the first)`
      : null;
  const message = [rowsFailed, summary.message].filter((part) => part !== null).join('; ') || null;
  return { outcome, json: { outcome, ...summary, message, earlierImportJobId }, text };
}

/** A preview: failed when the file cannot be imported, its problem then the message. */
export function previewResult(preview: FilePreview, text: string): Result {
  const outcome: Outcome = preview.problem === null ? 'ok' : 'failed';
  return { outcome, json: { outcome, message: preview.problem, ...preview }, text };
}
