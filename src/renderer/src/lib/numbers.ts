/**
 * A number as typed in a form ('' is none: the default). Only the form of the number is checked
 * here; whether it is in range is main's check, whose message the form shows.
 */
export function parseTypedNumber(label: string, raw: string, fractions = false): number | null | { problem: string } {
  const value = raw.trim();
  if (value === '') return null;
  const pattern = fractions ? /^\d+(?:[.,]\d+)?$/ : /^\d+$/;
  if (!pattern.test(value)) return { problem: `${label}: “${value}” is not a ${fractions ? '' : 'whole '}number` };
  return Number(value.replace(',', '.'));
}

/** A number as the form shows it back: its digits, '' for none. */
export const typedNumber = (value: number | null): string => (value === null ? '' : String(value));

/** The range a number field accepts, in the user's number format. */
export const numberRange = (min: number, max: number): string => `${min.toLocaleString()}–${max.toLocaleString()}`;
