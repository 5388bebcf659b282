import type { ErrorFilter, ErrorScope } from '../../../../preload/contract';

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
