import { describe, expect, it } from 'vitest';
import { suggestField } from '../../src/main/core/ingest/auto-map';
import { readHeader } from '../../src/main/core/ingest/mapping';
import { profile } from '../support/profile';

describe('headers of common shop exports', () => {
  it.each([
    // WooCommerce
    ['Regular price', 'price', 'number'],
    ['Sale price', 'sale_price', 'number'],
    ['Stock', 'stock', 'integer'],
    ['GTIN, UPC, EAN, or ISBN', 'ean', 'gtin'],
    // Shopify
    ['Variant SKU', 'entity_code', 'string'],
    ['Variant Price', 'price', 'number'],
    ['Variant Barcode', 'ean', 'gtin'],
    // Akeneo
    ['sku', 'entity_code', 'string'],
    ['ean', 'ean', 'gtin'],
    ['price-EUR', 'price', 'number'],
  ])('recognises %s as %s (%s)', (header, field, type) => {
    expect(suggestField(header)).toMatchObject({ field, type });
  });

  it("maps a WooCommerce export's price columns to the price and the sale price", () => {
    const header = readHeader(
      'wc-product-export.csv',
      ['ID', 'SKU', 'Name', 'Sale price', 'Regular price', 'Stock', 'GTIN, UPC, EAN, or ISBN'],
      profile(),
    );
    // Every column is taken: the two prices each fill a field of their own.
    expect(Object.fromEntries(header.mapped.map((m) => [m.column, m.field]))).toEqual({
      ID: 'ID',
      SKU: 'entity_code',
      Name: 'name',
      'Sale price': 'sale_price',
      'Regular price': 'price',
      Stock: 'stock',
      'GTIN, UPC, EAN, or ISBN': 'ean',
    });
  });
});
