import { describe, expect, it } from 'vitest';
import { batchFromEnvelope, batchFromFileName, withoutPartNumber } from '../../src/main/core/batches/metadata';

describe('batch metadata', () => {
  it('reads the documented file-name patterns, one batch id for every part and format', () => {
    const parts = [
      'catalog_part3of10.csv',
      'catalog_part10of10.xlsx',
      'Catalog Part 3 of 10.json',
      'catalog-part-03-of-10.xlsx',
      'catalog.part.3.of.10.csv',
    ].map(batchFromFileName);
    expect(parts.map((b) => [b?.batchId, b?.part, b?.totalParts])).toEqual([
      ['catalog_part*of10', 3, 10],
      ['catalog_part*of10', 10, 10],
      ['Catalog Part * of 10', 3, 10],
      ['catalog-part-*-of-10', 3, 10],
      ['catalog.part.*.of.10', 3, 10],
    ]);
    for (const name of [
      'catalog.csv',
      'spare-parts.csv',
      'counterpart3of4.csv',
      'part3.csv',
      'part0of3.csv',
      'part1of0.csv',
    ]) {
      expect(batchFromFileName(name), name).toBeNull();
    }
  });

  it('names an error report so that it is not read as the part it came from', () => {
    expect(withoutPartNumber('catalog_part2of3')).toBe('catalog_p2of3');
    expect(batchFromFileName(`${withoutPartNumber('catalog_part2of3')}-errors.csv`)).toBeNull();
  });

  it('takes an envelope’s batch fields as numbers or digits, and says what is wrong with bad ones', () => {
    expect(batchFromEnvelope('a.json', { batch_id: 'B-1', batch_part: '2', batch_total_parts: 3 })).toEqual({
      batch: { batchId: 'B-1', part: 2, totalParts: 3, totalItems: null },
      problem: null,
    });
    expect(batchFromEnvelope('a.json', {})).toEqual({ batch: null, problem: null });
    expect(batchFromEnvelope('a.json', { batch_id: 'B-1' }).problem).toBe(
      'a.json: the envelope\'s batch_part (missing) is not a whole number above 0, so the file is not counted as a part of batch "B-1"',
    );
    expect(batchFromEnvelope('a.json', { batch_id: 'B-1', batch_part: 1, batch_total_items: -4 }).problem).toContain(
      'batch_total_items (-4) is not a whole number above 0',
    );
  });
});
