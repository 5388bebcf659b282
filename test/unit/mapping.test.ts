import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/main/core/ingest/content-hash';
import {
  headerColumns,
  MAX_DOCUMENT_BYTES,
  mapObject,
  mapRecord,
  readHeader,
} from '../../src/main/core/ingest/mapping';
import type { ColumnRule } from '../../src/preload/contract';
import { profile } from '../support/profile';

const record = (fields: string[], rowNo = 2) => ({ fields, rowNo, lineNo: rowNo, raw: fields.join(',') });
const rule = (column: string, field: string | null, type: ColumnRule['type'] = 'string', required = false) => ({
  column,
  field,
  type,
  required,
});

/** The document a row maps to, or the row error's message; numbers read as the source says, else with '.'. */
function mapped(header: string[], fields: string[], p = profile()): unknown {
  const result = mapRecord(readHeader('f.csv', header, p), record(fields), p, p.decimalSeparator ?? '.');
  return result.ok ? (JSON.parse(result.row.json) as unknown) : result.error.message;
}

describe('readHeader', () => {
  it('auto-maps known fields ignoring case, spaces, punctuation and accents, and keeps other columns by name', () => {
    const header = readHeader(
      'f.csv',
      headerColumns([' Article-Number ', 'Unit Price', 'Barcode', 'Colour', 'Désignation']),
      profile(),
    );
    expect(header.mapped.map(({ column, field, type, by }) => [column, field, type, by])).toEqual([
      ['Article-Number', 'entity_code', 'string', 'synonym'],
      ['Unit Price', 'price', 'number', 'synonym'],
      ['Barcode', 'ean', 'gtin', 'synonym'],
      ['Colour', 'Colour', 'string', 'name'],
      ['Désignation', 'Désignation', 'string', 'name'],
    ]);
    expect(readHeader('f.csv', ['SKU', 'ENTITY CODE'], profile()).mapped.map((m) => [m.column, m.field])).toEqual([
      ['SKU', 'SKU'],
      ['ENTITY CODE', 'entity_code'],
    ]);
  });

  it('lets the source override every suggestion, leave columns out, and ignore unmapped ones', () => {
    const p = profile({
      columns: [rule('code interne', 'entity_code'), rule('SKU', null), rule('Colour', 'attributes.color')],
      unmapped: 'ignore',
    });
    const header = readHeader('f.csv', ['SKU', 'Code Interne', 'colour', 'Price', 'Notes'], p);
    expect(header.mapped.map((m) => [m.column, m.field, m.by])).toEqual([
      ['Code Interne', 'entity_code', 'rule'],
      ['colour', 'attributes.color', 'rule'],
      ['Price', 'price', 'synonym'],
    ]);
    expect(header.unmapped).toEqual(['SKU', 'Notes']);
  });

  it('turns header names MongoDB refuses into nested paths or renamed fields, and says so', () => {
    const header = readHeader('f.csv', ['entity_code', 'size.cm', '$cost', 'a..b'], profile());
    expect(header.mapped.slice(1).map((m) => [m.field, m.note])).toEqual([
      ['size.cm', 'nested path size.cm'],
      ['cost', 'renamed to cost: MongoDB field names may not start with $ or hold empty parts'],
      ['a.b', 'renamed to a.b: MongoDB field names may not start with $ or hold empty parts'],
    ]);
  });

  it.each([
    [['name', 'colour'], 'f.csv: row 1: no column gives the entity_code (found: name, colour)'],
    [['entity_code', ''], 'f.csv: row 1, column 2: the header cell is empty'],
    [['entity_code', 'a', 'a'], 'f.csv: row 1: the column "a" appears twice in the header'],
    [['entity_code', '_id'], 'f.csv: row 1, column 2: "_id" is a field the app writes itself; rename the column'],
    [['updated_at', 'entity_code'], 'f.csv: row 1, column 1: "updated_at" is a field the app writes itself'],
    [['entity_code', 'size', 'size.cm'], 'the columns "size" and "size.cm" both fill the field size'],
    [['entity_code', '$name', 'name'], 'the columns "$name" and "name" both fill the field name'],
  ])('refuses the header %j', (fields, message) => {
    expect(() => readHeader('f.csv', fields, profile())).toThrow(message);
  });

  it('refuses a file without a column the source requires', () => {
    const p = profile({ columns: [rule('Price', 'price', 'number', true)] });
    expect(() => readHeader('f.csv', ['entity_code', 'name'], p)).toThrow(
      'f.csv: row 1: the required column "Price" is missing (found: entity_code, name)',
    );
  });
});

describe('mapRecord', () => {
  it('maps a row for the wholesaler: blanks left out, codes kept as text, canonical JSON', () => {
    const p = profile();
    const header = readHeader('f.csv', ['Entity_Code', 'name', 'colour'], p);
    const json = '{"entity_code":"000123","name":"Hammer","wholesaler_id":"W-1"}';
    expect(mapRecord(header, record([' 000123 ', 'Hammer', '']), p, '.')).toEqual({
      ok: true,
      row: {
        rowNo: 2,
        lineNo: 2,
        raw: ' 000123 ,Hammer,',
        fields: [' 000123 ', 'Hammer', ''],
        entityCode: '000123',
        contentHash: contentHash(json),
        json,
      },
    });
  });

  it('serialises canonically whatever the column order, integer-like names included; the key wins', () => {
    const a = mapped(
      ['price', 'wholesaler_id', 'name', 'Entity_Code', '2024', '10'],
      ['9.90', 'X', 'Saw', 'A-1', 'x', 'y'],
    );
    const b = mapRecord(
      readHeader('h.csv', ['10', '2024', 'entity_code', 'name', 'price'], profile()),
      record(['y', 'x', 'A-1', 'Saw', '9.90']),
      profile(),
      '.',
    );
    expect(a).toEqual({ 10: 'y', 2024: 'x', entity_code: 'A-1', name: 'Saw', price: 9.9, wholesaler_id: 'W-1' });
    if (!b.ok) throw new Error(b.error.message);
    expect(b.row.json).toBe(canonicalJson(a));
    expect(b.row.json.startsWith('{"10":"y","2024":"x",')).toBe(true);
  });

  it('builds nested documents from dot paths', () => {
    const p = profile({ columns: [rule('Colour', 'attributes.color'), rule('Size', 'attributes.size', 'integer')] });
    expect(mapped(['sku', 'Colour', 'Size', 'weight.kg'], ['A', 'red', '42', '1.5'], p)).toEqual({
      attributes: { color: 'red', size: 42 },
      entity_code: 'A',
      weight: { kg: '1.5' },
      wholesaler_id: 'W-1',
    });
    expect(mapped(['sku', 'Colour', 'Size'], ['A', '', ''], p)).toEqual({ entity_code: 'A', wholesaler_id: 'W-1' });
  });

  it('reads numbers in the source locale and types every field', () => {
    const p = profile({
      decimalSeparator: ',',
      columns: [
        rule('stock', 'stock', 'integer'),
        rule('active', 'active', 'boolean'),
        rule('launch', 'launch', 'date'),
        rule('code', 'code', 'string'),
      ],
    });
    expect(
      mapped(
        ['sku', 'price', 'stock', 'active', 'launch', 'code'],
        ['A', '1.234,56', '1.000', 'Yes', '31.03.2024', '007'],
        p,
      ),
    ).toEqual({
      active: true,
      code: '007',
      entity_code: 'A',
      launch: { $date: '2024-03-31T00:00:00.000Z' },
      price: 1234.56,
      stock: 1000,
      wholesaler_id: 'W-1',
    });
    expect(mapped(['sku', 'price'], ['A', '1,234.56'])).toMatchObject({ price: 1234.56 });
  });

  it('reports every bad cell of a row, naming the first column', () => {
    const header = ['sku', 'price', 'ean'];
    const result = mapRecord(
      readHeader('f.csv', header, profile()),
      record(['A', 'NaN', '4006381333932'], 9),
      profile(),
      '.',
    );
    expect(result).toEqual({
      ok: false,
      error: {
        rowNo: 9,
        lineNo: 9,
        stage: 'validate',
        column: 'price',
        value: 'NaN',
        message: `price: "NaN" is not a number (read with decimal separator '.', as in 1,234.56); ean: "4006381333932" has a wrong check digit (2, expected 1)`,
        code: null,
        raw: 'A,NaN,4006381333932',
        fields: ['A', 'NaN', '4006381333932'],
        entityCode: 'A',
      },
    });
  });

  it('checks required fields and keeps or drops blanks by the source policy', () => {
    const required = profile({ columns: [rule('name', 'name', 'string', true)] });
    expect(mapped(['sku', 'name'], ['A', ' '], required)).toBe('name is empty');
    const keep = profile({ blanks: 'empty', trim: false });
    expect(mapped(['sku', 'name', 'price', 'note'], ['A', '   ', '', ' x '], keep)).toEqual({
      entity_code: 'A',
      name: '',
      note: ' x ',
      price: null,
      wholesaler_id: 'W-1',
    });
  });

  it('makes a row error naming row and column when entity_code is empty', () => {
    const p = profile();
    expect(mapRecord(readHeader('f.csv', ['Entity_Code', 'name'], p), record(['', 'Saw'], 7), p, '.')).toEqual({
      ok: false,
      error: expect.objectContaining({
        rowNo: 7,
        stage: 'validate',
        column: 'Entity_Code',
        message: 'entity_code is empty',
      }),
    });
  });

  it('makes a parse error for a row with the wrong number of cells', () => {
    expect(mapped(['entity_code', 'name', 'price'], ['A', 'Saw'])).toBe('expected 3 columns, found 2');
  });
});

describe('canonicalJson', () => {
  it('ignores field order at every depth and sees every value', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(canonicalJson({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(canonicalJson({ b: { d: [{ y: 1, x: 2 }], c: 2 }, a: 1 })).toBe('{"a":1,"b":{"c":2,"d":[{"x":2,"y":1}]}}');
    expect(canonicalJson({ a: 1, b: { c: 2, d: [1, 2] } })).not.toBe(canonicalJson({ a: 1, b: { c: 2, d: [2, 1] } }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ b: 1, 10: 2, 9: 3 })).toBe('{"10":2,"9":3,"b":1}');
  });
});

describe('mapObject', () => {
  const item = (value: Record<string, unknown>) => ({ value, rowNo: 4, lineNo: 4, raw: JSON.stringify(value) });

  it('keeps types and nesting, drops an _id, and takes the key from the job', () => {
    const result = mapObject(
      item({ _id: 'x', entity_code: 12345, wholesaler_id: 'OTHER', price: 9.5, attributes: { color: 'red' } }),
      'W-1',
    );
    expect(result).toMatchObject({
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
    const result = mapObject(item(value), 'W-1');
    expect(result).toMatchObject({ ok: false, error: { rowNo: 4, stage: 'validate', column } });
    expect(!result.ok && result.error.message).toContain(message);
  });

  it('refuses a row that would pass the 16 MB document limit', () => {
    const result = mapObject(item({ entity_code: 'A', blob: 'x'.repeat(MAX_DOCUMENT_BYTES) }), 'W-1');
    expect(!result.ok && result.error.message).toMatch(/over MongoDB's 16 MB limit$/);
  });
});
