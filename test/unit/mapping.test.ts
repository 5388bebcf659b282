import { describe, expect, it } from 'vitest';
import { contentHash } from '../../src/main/core/ingest/content-hash';
import { mapRecord, readHeader } from '../../src/main/core/ingest/mapping';

const record = (fields: string[], rowNo = 2) => ({ fields, rowNo, lineNo: rowNo, raw: fields.join(',') });

describe('readHeader', () => {
  it('finds entity_code whatever its case and trims names', () => {
    expect(readHeader('f.csv', [' Name ', 'Entity_Code'])).toEqual({
      columns: ['Name', 'Entity_Code'],
      entityCodeIndex: 1,
    });
  });

  it.each([
    [['name', 'sku'], 'f.csv: row 1: no "entity_code" column in the header (found: name, sku)'],
    [['entity_code', ''], 'f.csv: row 1, column 2: the header cell is empty'],
    [['entity_code', 'a', 'a'], 'f.csv: row 1: the column "a" appears twice in the header'],
  ])('refuses %j', (fields, message) => {
    expect(() => readHeader('f.csv', fields)).toThrow(message);
  });
});

describe('mapRecord', () => {
  const header = readHeader('f.csv', ['Entity_Code', 'name', 'price']);

  it('maps a row to a document for the wholesaler, blanks left out, codes kept as text', () => {
    const mapped = mapRecord(header, record([' 000123 ', 'Hammer', '']), 'W-1');
    expect(mapped).toEqual({
      ok: true,
      row: {
        rowNo: 2,
        entityCode: '000123',
        contentHash: contentHash({ name: 'Hammer', wholesaler_id: 'W-1', entity_code: '000123' }),
        doc: { name: 'Hammer', wholesaler_id: 'W-1', entity_code: '000123' },
      },
    });
  });

  it('makes a row error naming row and column when entity_code is empty', () => {
    expect(mapRecord(header, record(['', 'Saw', '1'], 7), 'W-1')).toEqual({
      ok: false,
      error: expect.objectContaining({
        rowNo: 7,
        stage: 'validate',
        column: 'Entity_Code',
        message: 'entity_code is empty',
        raw: ',Saw,1',
      }),
    });
  });

  it('makes a parse error for a row with the wrong number of cells', () => {
    expect(mapRecord(header, record(['A', 'Saw']), 'W-1')).toEqual({
      ok: false,
      error: expect.objectContaining({ stage: 'parse', message: 'expected 3 columns, found 2', raw: 'A,Saw' }),
    });
  });
});

describe('contentHash', () => {
  it('ignores field order and sees every value', () => {
    expect(contentHash({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(contentHash({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(contentHash({ a: 1, b: { c: 2, d: [1, 2] } })).not.toBe(contentHash({ a: 1, b: { c: 2, d: [2, 1] } }));
    expect(contentHash({ a: '1' })).not.toBe(contentHash({ a: 1 }));
  });
});
