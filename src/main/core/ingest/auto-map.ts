import type { FieldType } from '../../../preload/contract';

/** A header name reduced to what matters for matching: no case, accents, spaces or punctuation. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

interface KnownField {
  field: string;
  type: FieldType;
  /** Header names that mean this field, in English and in the languages wholesalers export in. */
  synonyms: string[];
}

/** The product fields the app recognises in headers, and their types. */
const KNOWN_FIELDS: readonly KnownField[] = [
  {
    field: 'entity_code',
    type: 'string',
    synonyms: [
      'sku',
      'article number',
      'article no',
      'article nr',
      'item code',
      'item number',
      'item no',
      'product code',
      'product number',
      'part number',
      'artikelnummer',
      'codice articolo',
      'code article',
      'referencia',
      // Shopify's product export (a product's SKU is its first variant's).
      'variant sku',
    ],
  },
  {
    field: 'price',
    type: 'number',
    synonyms: [
      'unit price',
      'list price',
      'preis',
      'einzelpreis',
      'prezzo',
      'prezzo unitario',
      'prix',
      'prix unitaire',
      'precio',
      'precio unitario',
      // What a shop charges when no sale is on: WooCommerce, Shopify and Akeneo exports.
      'regular price',
      'variant price',
      'price-EUR',
    ],
  },
  // A shop's reduced price, beside the regular one (WooCommerce "Sale price", Magento "special_price").
  { field: 'sale_price', type: 'number', synonyms: ['sale price', 'special price'] },
  {
    field: 'ean',
    type: 'gtin',
    synonyms: [
      'gtin',
      'barcode',
      'ean13',
      'ean 13',
      'gtin13',
      'gtin14',
      'ean code',
      'variant barcode',
      // WooCommerce's one code field; an ISBN-13 is a GTIN-13, an ISBN-10 fails the check.
      'GTIN, UPC, EAN, or ISBN',
    ],
  },
  { field: 'name', type: 'string', synonyms: ['product name', 'item name', 'title', 'bezeichnung', 'nome'] },
  { field: 'brand', type: 'string', synonyms: ['manufacturer', 'marke', 'marca', 'marque'] },
  { field: 'stock', type: 'integer', synonyms: ['quantity', 'qty', 'stock quantity', 'on hand', 'bestand'] },
];

const BY_NAME = new Map<string, KnownField>();
for (const known of KNOWN_FIELDS) {
  for (const name of [known.field, ...known.synonyms]) BY_NAME.set(normalizeName(name), known);
}

export interface Suggestion {
  field: string;
  type: FieldType;
  /** True when the header is the field's own name rather than a synonym. */
  exact: boolean;
}

/** The known field a header names, if any. */
export function suggestField(column: string): Suggestion | null {
  const key = normalizeName(column);
  const known = BY_NAME.get(key);
  return known ? { field: known.field, type: known.type, exact: normalizeName(known.field) === key } : null;
}
