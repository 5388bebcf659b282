import {
  defaultSource,
  type ColumnRule,
  type SourceInput,
  type SourceLimits,
  type SourceView,
  type Target,
} from '../../../preload/contract';
import { fieldPathProblem } from '../ingest/field-path';
import { normalizeName } from '../ingest/auto-map';
import { ENTITY_CODE } from '../ingest/keys';

/** Limits with every default filled in: what a job runs under. */
export type Limits = { [K in keyof SourceLimits]: Exclude<SourceLimits[K], null> };

/** The settings a job was created with, kept on the job so that editing the source later does not change it. */
export interface JobProfile extends Omit<SourceInput, 'limits'> {
  sourceId: string | null;
  limits: Limits;
}

/** A source as given, or the default source of a bare target. */
export function asSource(source: SourceInput | SourceView | Target): SourceInput | SourceView {
  return 'columns' in source ? source : defaultSource(source);
}

/**
 * The source with the given rules in place of its own for the same columns (an import's mapping
 * edited in the preview): its rules for columns the file does not have stay.
 */
export function withColumnRules<S extends SourceInput>(source: S, rules: readonly ColumnRule[]): S {
  const replaced = new Set(rules.map((rule) => normalizeName(rule.column)));
  return { ...source, columns: [...source.columns.filter((r) => !replaced.has(normalizeName(r.column))), ...rules] };
}

export function jobProfile(source: SourceInput | SourceView, defaults: Limits): JobProfile {
  const { limits } = source;
  return {
    ...source,
    sourceId: 'id' in source ? source.id : null,
    limits: {
      maxBatchSize: limits.maxBatchSize ?? defaults.maxBatchSize,
      warnBatchSize: limits.warnBatchSize ?? defaults.warnBatchSize,
      chunkSize: limits.chunkSize ?? defaults.chunkSize,
      timeoutMinutes: limits.timeoutMinutes ?? defaults.timeoutMinutes,
      oversize: limits.oversize ?? defaults.oversize,
      concurrency: limits.concurrency ?? defaults.concurrency,
      rateLimitMax: limits.rateLimitMax ?? defaults.rateLimitMax,
      rateLimitDurationMs: limits.rateLimitDurationMs ?? defaults.rateLimitDurationMs,
      retries: limits.retries ?? defaults.retries,
    },
  };
}

/** What is wrong with a source as a user wrote it, in words that say what to change. */
export function sourceProblems(source: SourceInput): string[] {
  const problems: string[] = [];
  if (source.name.trim() === '') problems.push('the source needs a name');
  for (const [label, value] of [
    ['database', source.database],
    ['collection', source.collection],
    ['wholesaler ID', source.wholesalerId],
  ] as const) {
    if (value.trim() === '') problems.push(`the ${label} is empty`);
  }
  const columns = new Map<string, string>();
  const fields = new Map<string, string>();
  for (const rule of source.columns) {
    const key = normalizeName(rule.column);
    if (key === '') problems.push(`a rule has no column name`);
    const earlier = columns.get(key);
    if (earlier !== undefined) problems.push(`the columns "${earlier}" and "${rule.column}" are the same column`);
    columns.set(key, rule.column);
    if (rule.field === null) continue;
    const problem = fieldPathProblem(rule.field);
    if (problem) problems.push(`column "${rule.column}": ${problem}`);
    const taken = fields.get(rule.field);
    if (taken !== undefined) problems.push(`the columns "${taken}" and "${rule.column}" both fill ${rule.field}`);
    fields.set(rule.field, rule.column);
    if (rule.field === ENTITY_CODE && rule.type !== 'string') {
      problems.push(`column "${rule.column}": ${ENTITY_CODE} is a code and must be typed string`);
    }
  }
  const history = source.historyCollection;
  if (history !== null && (history.trim() === '' || history.includes('$') || history.startsWith('system.'))) {
    problems.push(`the history collection "${history}" is not a collection name MongoDB accepts`);
  }
  if (history !== null && history.trim() === source.collection.trim()) {
    problems.push('the history collection must differ from the target collection');
  }
  const { maxBatchSize, warnBatchSize } = source.limits;
  if (maxBatchSize !== null && warnBatchSize !== null && warnBatchSize > maxBatchSize) {
    problems.push(`the warning size (${warnBatchSize}) is above the maximum batch size (${maxBatchSize})`);
  }
  return problems;
}
