import { APP_LIMIT_MAXIMUMS, type AppLimitsInput } from '../../../../preload/contract';
import { numberRange, parseTypedNumber, typedNumber } from '../../lib/numbers';

type LimitKey = keyof AppLimitsInput;

/** The limits as the form holds them: text where the user types, '' for the default. */
export type LimitsDraft = Record<LimitKey, string>;

interface AppLimitSpec {
  key: LimitKey;
  label: string;
  /** What the limit does and when a change applies. */
  hint: string;
}

/** The fields in the order the form shows them; docs/queue.md explains each. */
export const APP_LIMIT_SPECS: readonly AppLimitSpec[] = [
  {
    key: 'workerConcurrency',
    label: 'Jobs at once',
    hint: 'Imports read or sent at the same time, all sources together. Applies from the next job start.',
  },
  {
    key: 'rateLimitMax',
    label: 'Job starts per window',
    hint: 'For sources without a rate limit of their own. Applies to imports started after saving.',
  },
  {
    key: 'rateLimitDurationMs',
    label: 'Rate window (ms)',
    hint: `The window the job starts are counted in; ${(60_000).toLocaleString()} is one minute.`,
  },
  {
    key: 'retentionDays',
    label: 'Keep sent rows (days)',
    hint: 'Then the rows sent by a finished job leave the local queue; failed rows and errors stay. Applies on save.',
  },
];

/** The range a limit accepts, in the user's number format: what main checks (APP_LIMIT_MAXIMUMS). */
export const limitRange = (key: LimitKey): string => numberRange(1, APP_LIMIT_MAXIMUMS[key]);

export const toDraft = (saved: AppLimitsInput): LimitsDraft => ({
  workerConcurrency: typedNumber(saved.workerConcurrency),
  rateLimitMax: typedNumber(saved.rateLimitMax),
  rateLimitDurationMs: typedNumber(saved.rateLimitDurationMs),
  retentionDays: typedNumber(saved.retentionDays),
});

/** What the form says, as the AppLimitsInput main receives, or why it cannot be one. */
export function draftToInput(draft: LimitsDraft): { input: AppLimitsInput } | { problem: string } {
  const input = {} as AppLimitsInput;
  for (const { key, label } of APP_LIMIT_SPECS) {
    const parsed = parseTypedNumber(label, draft[key]);
    if (parsed !== null && typeof parsed === 'object') return parsed;
    input[key] = parsed;
  }
  return { input };
}
