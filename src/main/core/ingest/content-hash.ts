import { createHash } from 'node:crypto';

/** A field name as a JSON object key. */
export const jsonKey = (name: string): string => JSON.stringify(name);

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A value as JSON with object fields in sorted order at every depth: the same content always
 * gives the same text, whatever order the source listed its columns in. Written out by hand
 * because JSON.stringify puts integer-like keys ("2024") first whatever order they were added in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const fields = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort(byCodeUnits)
      .map((key) => `${jsonKey(key)}:${canonicalJson(record[key])}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A hash of a document's canonical JSON: equal content, equal hash. */
export function contentHash(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
