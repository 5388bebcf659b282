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

/**
 * The document as JSON with its fields in sorted order, at every depth: the same content always
 * gives the same text, whatever order the source listed its columns in.
 */
export function canonicalJson(doc: Record<string, unknown>): string {
  return JSON.stringify(canonical(doc));
}

/** A hash of a document's canonical JSON: equal content, equal hash. */
export function contentHash(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
