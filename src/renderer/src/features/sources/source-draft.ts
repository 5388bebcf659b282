import {
  defaultSource,
  SOURCE_LIMIT_MAXIMUMS,
  type ColumnRule,
  type FieldType,
  type SourceInput,
  type SourceLimits,
  type Target,
} from '../../../../preload/contract';
import { numberRange, parseTypedNumber, typedNumber } from '../../lib/numbers';

/** The limits typed as numbers; `oversize` is a choice. */
export type NumericLimit = Exclude<keyof SourceLimits, 'oversize'>;

/** A column rule as the form holds it: the field is kept while "leave out" is ticked, so unticking restores it. */
export interface RuleDraft {
  /** Stable across edits and removals, for React's keys. */
  key: number;
  column: string;
  field: string;
  leaveOut: boolean;
  type: FieldType;
  required: boolean;
}

/** A source as the form holds it: text where the user types, '' for "none" or "environment default". */
export interface SourceDraft extends Omit<SourceInput, 'columns' | 'limits' | 'historyCollection' | 'sheet'> {
  historyCollection: string;
  sheet: string;
  columns: RuleDraft[];
  limits: Record<NumericLimit, string>;
  oversize: SourceLimits['oversize'];
}

export interface LimitSpec {
  key: NumericLimit;
  label: string;
  /** 0 is allowed (retries); otherwise the least is 1. */
  min: 0 | 1;
  /** A fraction is allowed (the timeout). */
  fractions: boolean;
}

/** The number limits in the order the form shows them; docs/sources.md explains each. */
export const LIMIT_SPECS: readonly LimitSpec[] = [
  { key: 'maxBatchSize', label: 'Max batch size (rows)', min: 1, fractions: false },
  { key: 'warnBatchSize', label: 'Warn above (rows)', min: 1, fractions: false },
  { key: 'chunkSize', label: 'Chunk size (rows)', min: 1, fractions: false },
  { key: 'timeoutMinutes', label: 'Timeout (minutes)', min: 1, fractions: true },
  { key: 'concurrency', label: 'Jobs at once', min: 1, fractions: false },
  { key: 'rateLimitMax', label: 'Job starts per window', min: 1, fractions: false },
  { key: 'rateLimitDurationMs', label: 'Rate window (ms)', min: 1, fractions: false },
  { key: 'retries', label: 'Sync retries', min: 0, fractions: false },
];

/** The range a limit accepts, in the user's number format: what main checks (SOURCE_LIMIT_MAXIMUMS). */
export function limitRange({ key, min }: LimitSpec): string {
  return numberRange(min, SOURCE_LIMIT_MAXIMUMS[key]);
}

let nextRuleKey = 0;

export function newRule(rule: Partial<ColumnRule> = {}): RuleDraft {
  nextRuleKey += 1;
  return {
    key: nextRuleKey,
    column: rule.column ?? '',
    field: rule.field ?? '',
    leaveOut: rule.field === null,
    type: rule.type ?? 'string',
    required: rule.required ?? false,
  };
}

/** A new source: the target from Settings, every other setting as the default source has it. */
export const blankDraft = (target: Target): SourceDraft => toDraft(defaultSource(target, ''));

export function toDraft(source: SourceInput): SourceDraft {
  const { limits } = source;
  return {
    name: source.name,
    database: source.database,
    collection: source.collection,
    wholesalerId: source.wholesalerId,
    columns: source.columns.map((rule) => newRule(rule)),
    unmapped: source.unmapped,
    decimalSeparator: source.decimalSeparator,
    trim: source.trim,
    blanks: source.blanks,
    duplicates: source.duplicates,
    encoding: source.encoding,
    delimiter: source.delimiter,
    sheet: source.sheet ?? '',
    historyCollection: source.historyCollection ?? '',
    limits: {
      maxBatchSize: typedNumber(limits.maxBatchSize),
      warnBatchSize: typedNumber(limits.warnBatchSize),
      chunkSize: typedNumber(limits.chunkSize),
      timeoutMinutes: typedNumber(limits.timeoutMinutes),
      concurrency: typedNumber(limits.concurrency),
      rateLimitMax: typedNumber(limits.rateLimitMax),
      rateLimitDurationMs: typedNumber(limits.rateLimitDurationMs),
      retries: typedNumber(limits.retries),
    },
    oversize: limits.oversize,
  };
}

/** Optional text: blank is none. */
const optional = (value: string): string | null => (value.trim() === '' ? null : value);

/** What the form says, as the SourceInput main receives, or why it cannot be one. */
export function draftToInput(draft: SourceDraft): { input: SourceInput } | { problem: string } {
  const numbers = {} as Record<NumericLimit, number | null>;
  for (const spec of LIMIT_SPECS) {
    const parsed = parseTypedNumber(spec.label, draft.limits[spec.key], spec.fractions);
    if (parsed !== null && typeof parsed === 'object') return parsed;
    numbers[spec.key] = parsed;
  }
  return {
    input: {
      name: draft.name,
      database: draft.database,
      collection: draft.collection,
      wholesalerId: draft.wholesalerId,
      columns: draft.columns.map(({ column, field, leaveOut, type, required }) => ({
        column,
        field: leaveOut ? null : field,
        type,
        required,
      })),
      unmapped: draft.unmapped,
      decimalSeparator: draft.decimalSeparator,
      trim: draft.trim,
      blanks: draft.blanks,
      duplicates: draft.duplicates,
      encoding: draft.encoding,
      delimiter: draft.delimiter,
      sheet: optional(draft.sheet),
      historyCollection: optional(draft.historyCollection),
      limits: {
        maxBatchSize: numbers.maxBatchSize,
        warnBatchSize: numbers.warnBatchSize,
        chunkSize: numbers.chunkSize,
        timeoutMinutes: numbers.timeoutMinutes,
        oversize: draft.oversize,
        concurrency: numbers.concurrency,
        rateLimitMax: numbers.rateLimitMax,
        rateLimitDurationMs: numbers.rateLimitDurationMs,
        retries: numbers.retries,
      },
    },
  };
}
