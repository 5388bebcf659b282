import type { StagedRow } from '../store/staged-rows';

/** A product document as this app writes it: keyed by a string _id. */
export type ProductDocument = { _id: string } & Record<string, unknown>;

/**
 * The document's _id, derived from its natural key. A deterministic _id makes every write
 * addressable by primary key, so a replayed insert is refused as a duplicate instead of
 * creating a second document.
 */
export function documentId(wholesalerId: string, entityCode: string): string {
  return `${encodeURIComponent(wholesalerId)}:${encodeURIComponent(entityCode)}`;
}

export function rowDocumentId(row: StagedRow): string {
  return documentId(String(row.doc.wholesaler_id), row.entityCode);
}

/** Fields the app writes itself; a source may not supply them. */
export const APP_FIELDS: readonly string[] = ['_id', 'content_hash', 'updated_at', 'created_at', 'import'];

/** The fields a write sets: the row's content plus where it came from. */
export function contentFields(row: StagedRow, jobId: string, now: Date): Record<string, unknown> {
  return { ...row.doc, content_hash: row.contentHash, updated_at: now, import: { job_id: jobId, row: row.rowNo } };
}
