/**
 * What a cell's number format says its number is: a date, a time, a duration, a zero-padded code
 * or a plain number. Only the kind matters: the value is written in one documented form per kind
 * (docs/ingestion.md, "Cell values"), never as the format would display it.
 */
export type NumberKind =
  | { kind: 'number' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'time' }
  | { kind: 'duration' }
  /** A format of zeros alone (`000000`): codes typed as numbers, shown with their leading zeros. */
  | { kind: 'zeros'; digits: number };

export const NUMBER_KIND: NumberKind = { kind: 'number' };

/** Excel's built-in formats that are not plain numbers (ECMA-376 Part 1, 18.8.30, and the CJK ids). */
const BUILT_IN: ReadonlyMap<number, NumberKind> = new Map<number, NumberKind>([
  ...[14, 15, 16, 17, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58].map(
    (id): [number, NumberKind] => [id, { kind: 'date' }],
  ),
  ...[18, 19, 20, 21, 32, 33, 45, 47].map((id): [number, NumberKind] => [id, { kind: 'time' }]),
  [22, { kind: 'datetime' }],
  [46, { kind: 'duration' }],
]);

/** The first section of a format code (the one for positive numbers), split where `;` is not quoted. */
function firstSection(code: string): string {
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const char = code[i];
    if (char === '\\') i++;
    else if (char === '"') quoted = !quoted;
    else if (char === ';' && !quoted) return code.slice(0, i);
  }
  return code;
}

/** The kind of number a format code describes. */
export function formatKind(code: string): NumberKind {
  const section = firstSection(code);
  // Elapsed-time brackets ([h], [mm], [ss]) make a duration; other brackets are colours, locales
  // and conditions, and say nothing of the kind.
  const elapsed = /\[(h+|m+|s+)\]/i.test(section);
  const bare = section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  if (bare.trim() === 'general' || /e[+-]/.test(bare)) return NUMBER_KIND;
  const time = elapsed || /[hs]/.test(bare) || /am\/pm|a\/p/.test(bare);
  // `m` is a month beside days and years, or alone; beside hours or seconds it is minutes.
  const date = /[yd]/.test(bare) || (/m/.test(bare) && !time);
  if (date && time) return { kind: 'datetime' };
  if (date) return { kind: 'date' };
  if (elapsed) return { kind: 'duration' };
  if (time) return { kind: 'time' };
  const zeros = /^0+$/.exec(bare.trim());
  return zeros ? { kind: 'zeros', digits: zeros[0].length } : NUMBER_KIND;
}

/** The kind of a cell's number format: a custom code when the workbook defines one, else a built-in. */
export function numberKind(formatId: number, customCodes: ReadonlyMap<number, string>): NumberKind {
  const code = customCodes.get(formatId);
  if (code !== undefined) return formatKind(code);
  return BUILT_IN.get(formatId) ?? NUMBER_KIND;
}
