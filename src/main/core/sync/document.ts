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

/** Where a written version came from: the job, its source, its batch part and its file row. */
export interface WriteOrigin {
  jobId: string;
  sourceId: string | null;
  batchId: string | null;
  batchPart: number | null;
  /** The job's place in the order of queued work (docs/writes.md, "Newest wins"). */
  queuedAt: Date;
}

/**
 * What a write sets: the row's content, its version, the PIM's current-document flags and where
 * it came from. Fields the row lacks are left as they are on an update, since other tools may
 * own them.
 */
export function versionFields(
  row: StagedRow,
  version: number,
  origin: WriteOrigin,
  now: Date,
): Record<string, unknown> {
  return {
    ...row.doc,
    content_hash: row.contentHash,
    version,
    isCurrent: true,
    isCurrentPublished: row.doc.status === 'published',
    updated_at: now,
    import: {
      job_id: origin.jobId,
      source_id: origin.sourceId,
      batch_id: origin.batchId,
      batch_part: origin.batchPart,
      row: row.rowNo,
      queued_at: origin.queuedAt,
    },
  };
}

/** A document as first inserted: version 1 of the row, under its deterministic _id. */
export function insertedDocument(row: StagedRow, origin: WriteOrigin, now: Date): ProductDocument {
  return { ...versionFields(row, 1, origin, now), created_at: now, _id: rowDocumentId(row) };
}

/** The _id of a version's history document: replaying the write adds no second one. */
export const historyId = (documentId: string, version: number): string => `${documentId}:v${version}`;
