import type { ErrorFilter, ErrorScope, JobView } from '../../../../preload/contract';

export const isFiltered = (filter: ErrorFilter): boolean =>
  filter.stage !== null || filter.column !== null || filter.text !== '' || filter.group !== null;

/** A scope as one string: a React key and a <select> value. */
export const scopeKey = (scope: ErrorScope): string => `${scope.kind}:${scope.id}`;

export function parseScopeKey(key: string): ErrorScope | null {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  // Ids may hold colons themselves, so only the first one separates.
  return kind === 'job' || kind === 'batch' ? { kind, id: key.slice(colon + 1) } : null;
}

/**
 * Whether a change of `job` can change the error rows of a scope: a job's own file (split parts
 * share its batchId), a batch's parts, and any retry (it may recover rows of the scope).
 */
export function touchesScope(scope: ErrorScope, job: JobView, scopeJob: JobView | undefined): boolean {
  if (job.parentJobId !== null) return true;
  if (scope.kind === 'batch') return job.upload?.batchId === scope.id;
  return job.id === scope.id || (job.batchId !== null && job.batchId === scopeJob?.batchId);
}
