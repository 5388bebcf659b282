import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DecimalReading } from '../../src/preload/contract';
import { detectDecimalSeparator, givenDecimal } from '../../src/main/core/ingest/decimal';
import { mapFile } from '../../src/main/core/ingest/map-file';
import { profile } from '../support/profile';
import { tempDir } from '../support/temp';

/** The number columns of a sample, column name to its cells. */
const sample = (columns: Record<string, string[]>) => new Map(Object.entries(columns));

describe('detectDecimalSeparator', () => {
  it('finds a decimal comma in a file that writes 1.234,56 and 12,50, whatever else it writes', () => {
    const reading = detectDecimalSeparator(sample({ Preis: ['1.234,56', '12,50', '7', ''], Bestand: ['1.000', '3'] }));
    expect(reading).toEqual({ separator: ',', how: 'detected', note: 'detected from "1.234,56" in Preis' });
  });

  it('finds a decimal point in a file that writes 1,234.56 and 0.5', () => {
    expect(detectDecimalSeparator(sample({ price: ['12', '1,234.56', '0.5'] }))).toEqual({
      separator: '.',
      how: 'detected',
      note: 'detected from "1,234.56" in price',
    });
    // Space-grouped thousands and a bare fraction each read one way only.
    expect(detectDecimalSeparator(sample({ prix: ['1 234'] })).separator).toBe(',');
    expect(detectDecimalSeparator(sample({ price: ['.5'] })).separator).toBe('.');
  });

  it('lets a clear value settle the values that read either way', () => {
    expect(detectDecimalSeparator(sample({ a: ['1.234', '2.500'], b: ['9,95'] }))).toMatchObject({
      separator: ',',
      how: 'detected',
    });
  });

  it.each([
    ['only values that read either way', { price: ['1,234', '2,500'] }, '"1,234" in price reads either way'],
    ['no decimals', { price: ['12', '', '40'], stock: ['3'] }, 'no number in the first rows has decimals'],
    ['both ways of writing', { price: ['12.50'], cost: ['12,50'] }, '"12.50" in price and "12,50" in cost disagree'],
    ['no number column', {}, 'no column is read as a number'],
  ])('falls back to a decimal point, and says so, when the sample has %s', (_, columns, why) => {
    const reading = detectDecimalSeparator(sample(columns));
    expect(reading).toMatchObject({ separator: '.', how: 'ambiguous' });
    expect(reading.note).toBe(
      `not detected (${why}): read with '.'; set the source's decimal separator if the file writes 1.234,56`,
    );
  });

  it('ignores cells that are no number at all', () => {
    expect(detectDecimalSeparator(sample({ price: ['n/a', 'free', '3,5'] }))).toMatchObject({
      separator: ',',
      how: 'detected',
    });
  });
});

describe('givenDecimal', () => {
  it("takes the source's separator, '.' for XLSX number cells whatever the source, and leaves a CSV file to detection", () => {
    expect(givenDecimal(profile({ decimalSeparator: ',' }), 'csv')).toEqual({
      separator: ',',
      how: 'source',
      note: 'set by the source',
    });
    for (const decimalSeparator of [null, ','] as const) {
      expect(givenDecimal(profile({ decimalSeparator }), 'xlsx')).toEqual({
        separator: '.',
        how: 'spreadsheet',
        note: "XLSX number cells are always written with '.'",
      });
    }
    expect(givenDecimal(profile({ decimalSeparator: null }), 'csv')).toBeNull();
  });
});

describe('mapFile under a source that detects the decimal separator', () => {
  /** How a CSV file's numbers are read, and each row's price or error message, in file order. */
  async function read(lines: string[]): Promise<{ decimal: DecimalReading | null; prices: unknown[] }> {
    const file = join(tempDir(), 'prices.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    let decimal: DecimalReading | null = null;
    const hooks = { onHeader: () => undefined, onDecimal: (reading: DecimalReading) => (decimal = reading) };
    const prices: unknown[] = [];
    for await (const row of mapFile(file, profile({ decimalSeparator: null }), hooks)) {
      prices.push(row.ok ? (JSON.parse(row.row.json) as { price?: number }).price : row.error.message);
    }
    return { decimal, prices };
  }

  it('passes over blank lines and keeps the rows in order, bad ones included', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `A-${i};${i},5`);
    const { decimal, prices } = await read(['sku;price', ...Array<string>(80).fill(''), 'X;"open', ...rows]);
    expect(decimal).toMatchObject({ separator: ',', how: 'detected' });
    expect(prices).toHaveLength(61);
    expect(prices[0]).toContain('never closed');
    expect(prices.slice(1, 4)).toEqual([0.5, 1.5, 2.5]);
  });

  it('decides from fewer rows when they are long, so that the rows held stay small', async () => {
    const long = (i: number) => `A-${i};12;${'x'.repeat(600 * 1024)}`;
    const { decimal, prices } = await read(['sku;price;notes', long(1), long(2), 'A-3;12,50;short']);
    expect(decimal).toMatchObject({ separator: '.', how: 'ambiguous' });
    expect(prices).toEqual([12, 12, expect.stringContaining("set the source's decimal separator")]);
  });
});
