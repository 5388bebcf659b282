import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** A hash of the document's content that does not depend on the order of its fields. */
export function contentHash(doc: Record<string, unknown>): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(doc)))
    .digest('hex');
}
