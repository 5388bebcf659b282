/** The natural key of a product document: the wholesaler that sends it and its code there. */
export const ENTITY_CODE = 'entity_code';
export const WHOLESALER_ID = 'wholesaler_id';
