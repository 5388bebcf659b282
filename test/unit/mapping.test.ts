import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/main/core/ingest/content-hash';
import { MAX_DOCUMENT_BYTES, mapObject, mapRecord, readHeader } from '../../src/main/core/ingest/mapping';

const record = (fields: string[], rowNo = 2) => ({ fields, rowNo, lineNo: rowNo, raw: fields.join(',') });

describe('readHeader', () => {
  it('finds entity_code whatever its case and trims names', () => {
    expect(readHeader('f.csv', [' Name ', 'Entity_Code'])).toEqual({
      columns: ['Name', 'Entity_Code'],
      entityCodeIndex: 1,
      plan: [
        { field: 'Name', from: 0 },
        { field: 'entity_code', from: 'entity' },
        { field: 'wholesaler_id', from: 'wholesaler' },
      ],
    });
  });

  it.each([
    [['name', 'sku'], 'f.csv: row 1: no "entity_code" column in the header (found: name, sku)'],
    [['entity_code', ''], 'f.csv: row 1, column 2: the header cell is empty'],
    [['entity_code', 'a', 'a'], 'f.csv: row 1: the column "a" appears twice in the header'],
    [['entity_code', '_id'], 'f.csv: row 1, column 2: "_id" is a field the app writes itself; rename the column'],
    [['updated_at', 'entity_code'], 'f.csv: row 1, column 1: "updated_at" is a field the app writes itself'],
    [['entity_code', 'size.cm'], 'f.csv: row 1, column 2: the name "size.cm" cannot be a MongoDB field'],
    [['entity_code', '$price'], 'f.csv: row 1, column 2: the name "$price" cannot be a MongoDB field'],
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
        contentHash: contentHash('{"entity_code":"000123","name":"Hammer","wholesaler_id":"W-1"}'),
        json: '{"entity_code":"000123","name":"Hammer","wholesaler_id":"W-1"}',
      },
    });
  });

  it('serialises each document canonically, whatever the column order, and the key wins over same-named columns', () => {
    const reordered = readHeader('g.csv', ['price', 'wholesaler_id', 'name', 'Entity_Code', '2024']);
    const mapped = mapRecord(reordered, record(['9.90', 'FROM-FILE', 'Saw', 'A-1', 'x']), 'W-1');
    if (!mapped.ok) throw new Error(mapped.error.message);
    const doc = JSON.parse(mapped.row.json) as Record<string, unknown>;
    expect(mapped.row.json).toBe(canonicalJson(doc));
    expect(doc).toEqual({ 2024: 'x', entity_code: 'A-1', name: 'Saw', price: '9.90', wholesaler_id: 'W-1' });
    const same = mapRecord(
      readHeader('h.csv', ['2024', 'entity_code', 'name', 'price']),
      record(['x', 'A-1', 'Saw', '9.90']),
      'W-1',
    );
    expect(same.ok && same.row.contentHash).toBe(mapped.row.contentHash);
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

describe('canonicalJson', () => {
  it('ignores field order at every depth and sees every value', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(canonicalJson({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(canonicalJson({ b: { d: [{ y: 1, x: 2 }], c: 2 }, a: 1 })).toBe('{"a":1,"b":{"c":2,"d":[{"x":2,"y":1}]}}');
    expect(canonicalJson({ a: 1, b: { c: 2, d: [1, 2] } })).not.toBe(canonicalJson({ a: 1, b: { c: 2, d: [2, 1] } }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});

describe('mapObject', () => {
  const item = (value: Record<string, unknown>) => ({ value, rowNo: 4, lineNo: 4, raw: JSON.stringify(value) });

  it('keeps types and nesting, drops an _id, and takes the key from the job', () => {
    const mapped = mapObject(
      item({ _id: 'x', entity_code: 12345, wholesaler_id: 'OTHER', price: 9.5, attributes: { color: 'red' } }),
      'W-1',
    );
    expect(mapped).toMatchObject({
      ok: true,
      row: {
        rowNo: 4,
        entityCode: '12345',
        json: canonicalJson({ entity_code: '12345', wholesaler_id: 'W-1', price: 9.5, attributes: { color: 'red' } }),
      },
    });
  });

  it.each([
    [{ name: 'no code' }, 'entity_code', 'entity_code is missing'],
    [{ entity_code: { a: 1 } }, 'entity_code', 'entity_code must be text or a whole number'],
    [{ entity_code: 2 ** 60 }, 'entity_code', 'a larger number loses digits: send it as text'],
    [{ entity_code: 'A', created_at: 'yesterday' }, 'created_at', '"created_at" is a field the app writes itself'],
    [
      { entity_code: 'A', attributes: { 'size.cm': 4 } },
      'attributes.size.cm',
      'the field name "attributes.size.cm" cannot be stored in MongoDB',
    ],
    [{ entity_code: 'A', variants: [{ $price: 1 }] }, 'variants.$price', 'cannot be stored in MongoDB'],
  ])('refuses %j naming the field', (value, column, message) => {
    const mapped = mapObject(item(value), 'W-1');
    expect(mapped).toMatchObject({ ok: false, error: { rowNo: 4, stage: 'validate', column } });
    expect(!mapped.ok && mapped.error.message).toContain(message);
  });

  it('refuses a row that would pass the 16 MB document limit', () => {
    const mapped = mapObject(item({ entity_code: 'A', blob: 'x'.repeat(MAX_DOCUMENT_BYTES) }), 'W-1');
    expect(!mapped.ok && mapped.error.message).toMatch(/over MongoDB's 16 MB limit$/);
  });
});
