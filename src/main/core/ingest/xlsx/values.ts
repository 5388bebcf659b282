import type { NumberKind } from './number-format';

/** Excel's own limits: nothing Excel wrote passes them. */
export const EXCEL_LIMITS = { rows: 1_048_576, columns: 16_384, cellChars: 32_767 } as const;

const DAY_MS = 86_400_000;
/** Day 0 of each date system, as Excel counts: the 1900 system's serials from 61 on count from here. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** Excel's serial of 9999-12-31, its last date. */
const LAST_SERIAL = 2_958_465;

/**
 * A number as the shortest text that reads back as the same number, written out in digits (no
 * exponent): `1.23456789e+22` is `12345678900000000000000`, `1e-7` is `0.0000001`. Codes typed as
 * numbers keep their digits, and no digit appears that the number does not hold.
 */
export function numberText(value: number): string {
  const shortest = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!match) return shortest;
  const [, sign = '', lead = '', rest = '', exponentText] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Milliseconds since 1970 of an Excel serial, or null outside the dates Excel shows. */
function serialTime(serial: number, date1904: boolean): number | null {
  if (!(serial >= 0 && serial < LAST_SERIAL + 1)) return null;
  if (date1904) return EPOCH_1904 + Math.round(serial * DAY_MS);
  // The 1900 system counts a 29 February 1900 that never was (serial 60), as Lotus 1-2-3 did:
  // serials before it are a day ahead of the calendar.
  if (serial < 60) return EPOCH_1900 + DAY_MS + Math.round(serial * DAY_MS);
  if (serial < 61) return null;
  return EPOCH_1900 + Math.round(serial * DAY_MS);
}

/** A time of day or a duration as `H:MM:SS`, hours as many as it takes, `.sss` when it has them. */
export function durationText(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const two = (n: number): string => String(n).padStart(2, '0');
  const fraction = millis > 0 ? `.${String(millis).padStart(3, '0')}` : '';
  return `${sign}${two(hours)}:${two(minutes)}:${two(seconds)}${fraction}`;
}

/** A moment as ISO 8601: the day alone when `dateOnly`, else the full date-time (Excel's times have no zone). */
export function momentText(time: number, dateOnly: boolean): string {
  const iso = new Date(time).toISOString();
  return dateOnly ? iso.slice(0, 10) : iso;
}

/** A number cell's text under its format's kind: dates, times and durations as ISO 8601 and H:MM:SS. */
export function numberCellText(value: number, kind: NumberKind, date1904: boolean): string {
  switch (kind.kind) {
    case 'number':
      return numberText(value);
    case 'zeros':
      return Number.isSafeInteger(value) && value >= 0 ? String(value).padStart(kind.digits, '0') : numberText(value);
    case 'duration':
      return Number.isFinite(value) ? durationText(Math.round(value * DAY_MS)) : numberText(value);
    case 'time':
      // A time format over a day or more holds a date as well: the date is not dropped.
      if (value >= 0 && value < 1) return durationText(Math.round(value * DAY_MS));
      break;
    default:
      break;
  }
  const time = serialTime(value, date1904);
  if (time === null) return numberText(value);
  return momentText(time, kind.kind === 'date' && time % DAY_MS === 0);
}

/**
 * A `t="d"` cell's ISO 8601 text under its format's kind. Its zone, if written, is dropped: like
 * every Excel date it is a wall-clock time. Null when the text is no date.
 */
export function isoCellText(text: string, kind: NumberKind): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (!match) return null;
  const [, day, clock] = match;
  const time = Date.parse(`${day}T${clock ?? '00:00'}Z`);
  if (Number.isNaN(time)) return null;
  if (kind.kind === 'time' || kind.kind === 'duration') {
    const ofDay = time - Date.parse(`${day}T00:00Z`);
    if (day === '1899-12-30' || day === '1899-12-31' || day === '1904-01-01') return durationText(ofDay);
  }
  const dateOnly = kind.kind === 'date' || (kind.kind !== 'datetime' && time % DAY_MS === 0);
  return momentText(time, dateOnly);
}
