import { APP_FIELDS, WHOLESALER_ID } from './keys';

/** MongoDB stores a name as given only when it is not empty, has no dot and no leading $. */
export const storableName = (name: string): boolean => name !== '' && !name.startsWith('$') && !name.includes('.');

/**
 * The field a header names when no rule maps it: a dot makes a nested path (`size.cm`), and a
 * leading `$`, which MongoDB refuses, is dropped (`$price` becomes `price`). The note says what
 * changed, for the preview.
 */
export function headerField(column: string, index: number): { field: string; note: string | null } {
  const segments = column
    .split('.')
    .map((segment) => segment.replace(/^\$+/, '').trim())
    .filter((segment) => segment !== '');
  const field = segments.length > 0 ? segments.join('.') : `column_${index + 1}`;
  if (!column.includes('.') && field === column) return { field, note: null };
  if (column.split('.').every((segment) => segment !== '' && storableName(segment))) {
    return { field, note: `nested path ${field}` };
  }
  return { field, note: `renamed to ${field}: MongoDB field names may not start with $ or hold empty parts` };
}

/** Why a dot path cannot be a field a source fills, or null when it can. */
export function fieldPathProblem(field: string): string | null {
  const segments = field.split('.');
  if (segments.some((segment) => !storableName(segment))) {
    return `"${field}" is not a valid field path (parts separated by dots, none empty or starting with $)`;
  }
  const top = segments[0] ?? '';
  if (APP_FIELDS.includes(top)) return `"${top}" is a field the app writes itself`;
  if (top === WHOLESALER_ID) return `"${WHOLESALER_ID}" comes from the source's settings, not from a column`;
  return null;
}
