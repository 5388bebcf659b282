import { describe, expect, it } from 'vitest';
import { convert, parseDate, parseNumber } from '../../src/main/core/ingest/convert';
import { gtinProblem, withCheckDigit } from '../../src/main/core/ingest/gtin';

describe('parseNumber', () => {
  it.each([
    ['1234.56', '.', 1234.56],
    ['1,234.56', '.', 1234.56],
    ['-0.5', '.', -0.5],
    ['.5', '.', 0.5],
    ['1.234,56', ',', 1234.56],
    ['1 234,56', ',', 1234.56],
    ['1\u00a0234', ',', 1234],
    ['12,5', ',', 12.5],
    ['1.000', ',', 1000],
  ] as const)('reads %s with decimal separator %s', (text, separator, value) => {
    expect(parseNumber(text, separator)).toBe(value);
  });

  it.each([
    ['NaN', '.'],
    ['Infinity', '.'],
    ['-Infinity', ','],
    ['1e400', '.'],
    ['1,23.4', '.'],
    ['12,5', '.'],
    ['1.234.5', ','],
    ['€ 12', '.'],
    ['', '.'],
    ['-', ','],
  ] as const)('refuses %s with decimal separator %s', (text, separator) => {
    expect(parseNumber(text, separator)).toBeNull();
  });
});

describe('parseDate', () => {
  it('reads ISO dates and date-times, with offsets, and dd.mm.yyyy', () => {
    expect(parseDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDate('2024-03-01T10:20')?.toISOString()).toBe('2024-03-01T10:20:00.000Z');
    expect(parseDate('2024-03-01T10:20:30.5+0200')?.toISOString()).toBe('2024-03-01T08:20:30.500Z');
    expect(parseDate('1.3.2024')?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
  });

  it.each(['2023-02-29', '2024-13-01', '31/03/2024', 'yesterday', '2024-03-01T25:00'])('refuses %s', (text) => {
    expect(parseDate(text)).toBeNull();
  });
});

describe('gtin', () => {
  it('accepts EAN-8, UPC-A, EAN-13 and GTIN-14 with correct check digits, leading zeros kept', () => {
    for (const code of ['96385074', '036000291452', '4006381333931', '00012345600012']) {
      expect(gtinProblem(code)).toBeNull();
      expect(convert(code, 'gtin', '.')).toEqual({ ok: true, value: code });
    }
    expect(withCheckDigit('400638133393')).toBe('4006381333931');
  });

  it.each([
    ['4006381333932', 'has a wrong check digit (2, expected 1)'],
    ['40063813', 'has 8 digits'.replace('has 8 digits', 'has a wrong check digit')],
    ['400638133393', 'has a wrong check digit'],
    ['12345', 'has 5 digits; an EAN/GTIN has 8, 12, 13 or 14'],
    ['4006-3813', 'may only hold digits'],
    ['4.00638E+12', 'exponent notation'],
  ])('refuses %s', (code, message) => {
    expect(gtinProblem(code)).toContain(message);
  });
});

describe('convert', () => {
  it('keeps strings as they are and types the rest', () => {
    expect(convert('0012', 'string', '.')).toEqual({ ok: true, value: '0012' });
    expect(convert('12', 'integer', '.')).toEqual({ ok: true, value: 12 });
    expect(convert('12.5', 'integer', '.')).toEqual({ ok: false, message: '"12.5" is not a whole number' });
    expect(convert('no', 'boolean', '.')).toEqual({ ok: true, value: false });
    expect(convert('maybe', 'boolean', '.')).toMatchObject({ ok: false });
    expect(convert('2024-01-02', 'date', '.')).toEqual({ ok: true, value: { $date: '2024-01-02T00:00:00.000Z' } });
    expect(convert('x', 'number', ',')).toEqual({
      ok: false,
      message: `"x" is not a number (read with decimal separator ',', as in 1.234,56)`,
    });
  });

  it('names the setting to change when the number reads with the other decimal separator', () => {
    expect(convert('12.50', 'number', ',')).toEqual({
      ok: false,
      message: `"12.50" is not a number read with decimal separator ',' (as in 1.234,56); if the file writes 1,234.56, set the source's decimal separator (decimal_separator) to '.'`,
    });
    expect(convert('12,50', 'integer', '.')).toEqual({
      ok: false,
      message: `"12,50" is not a number read with decimal separator '.' (as in 1,234.56); if the file writes 1.234,56, set the source's decimal separator (decimal_separator) to ','`,
    });
  });
});
