import { describe, expect, it } from 'vitest';
import { formatKind } from '../../src/main/core/ingest/xlsx/number-format';
import { isoCellText, numberCellText, numberText } from '../../src/main/core/ingest/xlsx/values';

describe('numberText: the shortest text that reads back as the same number, in digits', () => {
  it.each([
    [1.23456789e22, '12345678900000000000000'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [0.1 + 0.2, '0.30000000000000004'],
    [4006381333931, '4006381333931'],
    [-0, '0'],
    [2 ** 53, '9007199254740992'],
  ])('%s is %s', (value, text) => {
    expect(numberText(value)).toBe(text);
    expect(Number(numberText(value))).toBe(value === 0 ? 0 : value);
  });
});

describe('formatKind: what a number format says a number is', () => {
  it.each([
    ['General', 'number'],
    ['0.00', 'number'],
    ['#,##0.00 "€"', 'number'],
    ['[Red]-#,##0.00', 'number'],
    ['[$€-407] #,##0.00', 'number'],
    ['0.00E+00', 'number'],
    ['0.0%', 'number'],
    ['@', 'number'],
    ['yyyy-mm-dd', 'date'],
    ['dd/mm/yyyy;@', 'date'],
    ['[$-409]mmmm d, yyyy', 'date'],
    ['mmm-yy', 'date'],
    ['yyyy\\-mm\\-dd', 'date'],
    ['yyyy-mm-dd hh:mm:ss.000', 'datetime'],
    ['m/d/yy h:mm AM/PM', 'datetime'],
    ['hh:mm:ss', 'time'],
    ['mm:ss', 'time'],
    ['h:mm AM/PM', 'time'],
    ['[h]:mm:ss', 'duration'],
    ['[mm]:ss', 'duration'],
    ['"Day" d', 'date'],
  ])('%s is a %s', (code, kind) => {
    expect(formatKind(code).kind).toBe(kind);
  });

  it('takes a format of zeros alone for a zero-padded code', () => {
    expect(formatKind('000000')).toEqual({ kind: 'zeros', digits: 6 });
    expect(numberCellText(123, formatKind('000000'), false)).toBe('000123');
    expect(numberCellText(12.5, formatKind('000000'), false)).toBe('12.5');
  });
});

describe('dates, times and durations', () => {
  const date = formatKind('yyyy-mm-dd');
  const datetime = formatKind('yyyy-mm-dd hh:mm');
  const time = formatKind('hh:mm:ss');
  const duration = formatKind('[h]:mm:ss');

  it('counts the 1900 system as Excel does, with its 29 February 1900, and the 1904 system from day 0', () => {
    expect(numberCellText(1, date, false)).toBe('1900-01-01');
    expect(numberCellText(59, date, false)).toBe('1900-02-28');
    expect(numberCellText(61, date, false)).toBe('1900-03-01');
    expect(numberCellText(45352, date, false)).toBe('2024-03-01');
    expect(numberCellText(0, date, true)).toBe('1904-01-01');
    expect(numberCellText(43890, date, true)).toBe(numberCellText(43890 + 1462, date, false));
  });

  it('keeps the time of a date format when the cell has one, and writes midnight under a date-time format', () => {
    expect(numberCellText(45352.5, date, false)).toBe('2024-03-01T12:00:00.000Z');
    expect(numberCellText(45352, datetime, false)).toBe('2024-03-01T00:00:00.000Z');
  });

  it('writes times of day and durations as H:MM:SS, a time format over a day as the date-time it is', () => {
    expect(numberCellText(0.5, time, false)).toBe('12:00:00');
    expect(numberCellText(1.5, duration, false)).toBe('36:00:00');
    expect(numberCellText(-0.25, duration, false)).toBe('-06:00:00');
    expect(numberCellText((1 / 86_400_000) * 5, duration, false)).toBe('00:00:00.005');
    expect(numberCellText(45352.25, time, false)).toBe('2024-03-01T06:00:00.000Z');
  });

  it('reads t="d" cells as wall-clock ISO 8601 under their format, and refuses what is not a date', () => {
    expect(isoCellText('2014-02-14T08:27:48.765Z', datetime)).toBe('2014-02-14T08:27:48.765Z');
    expect(isoCellText('2014-02-14T00:00:00', date)).toBe('2014-02-14');
    expect(isoCellText('2014-02-14', formatKind('General'))).toBe('2014-02-14');
    expect(isoCellText('1899-12-30T08:30:00', time)).toBe('08:30:00');
    expect(isoCellText('yesterday', date)).toBeNull();
  });
});
