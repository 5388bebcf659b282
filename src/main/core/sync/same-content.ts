import type { Document } from 'mongodb';

/** Two values as MongoDB holds them: dates by their time, objects and arrays field by field. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = Object.keys(left);
    // A sub-document is set whole, so it is the same only with the same fields.
    return (
      keys.length === Object.keys(right).length && keys.every((key) => key in right && sameValue(left[key], right[key]))
    );
  }
  return a === b;
}

/**
 * True when the stored document holds every field of the row with the row's value. It compares
 * what is stored, not the `content_hash` the last writer claimed: another tool that changed a
 * field and left the hash as it was is seen. Fields the row does not have are other tools' and
 * do not count, as a write leaves them alone.
 */
export function holdsContent(stored: Document, row: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(row).every((key) => key in stored && sameValue(row[key], stored[key]));
}
