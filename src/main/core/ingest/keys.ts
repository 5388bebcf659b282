/** The natural key of a product document: the wholesaler that sends it and its code there. */
export const ENTITY_CODE = 'entity_code';
export const WHOLESALER_ID = 'wholesaler_id';

/** Fields the app writes itself (sync/document.ts): a source may not supply them. */
export const APP_FIELDS: readonly string[] = [
  '_id',
  'content_hash',
  'updated_at',
  'created_at',
  'import',
  'version',
  'isCurrent',
  'isCurrentPublished',
];
