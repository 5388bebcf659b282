import type { Document } from 'mongodb';
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
 * A version's fields: the row's content, its version, the PIM's current-document flags and where
 * it came from, with the document's trail when it is for the document itself (writeFields).
 */
export function versionFields(
  row: StagedRow,
  version: number,
  origin: WriteOrigin,
  now: Date,
  trail?: TrailEntry[],
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
      ...(trail && { trail }),
    },
  };
}

/** One version of a document and the job that wrote it. */
export interface TrailEntry {
  job_id: string;
  version: number;
}

/**
 * How many of its latest versions a document names the writers of (`import.trail`). A job whose
 * bulk matched fewer updates than it sent reads its documents back; one that another job has
 * updated since is looked up there, to tell whether this job's version is under the other's.
 * Between a write and its read-back only a few other writes can land: 8 is far more than that.
 */
export const TRAIL_LENGTH = 8;

/** The trail a stored document carries: the versions this app wrote last, oldest first. */
export function trailOf(doc: Document | null | undefined): TrailEntry[] {
  const trail = (doc?.import as { trail?: unknown } | undefined)?.trail;
  if (!Array.isArray(trail)) return [];
  return trail.filter(
    (entry): entry is TrailEntry =>
      typeof (entry as TrailEntry | null)?.job_id === 'string' && typeof (entry as TrailEntry).version === 'number',
  );
}

/**
 * Who wrote a version of the document, as its trail tells: a job's id; null when the trail says
 * it was not this app (or shows no such version, and reaches back past it); undefined when the
 * trail does not reach back that far, or the document has none (another tool replaced it).
 */
export function writerOf(doc: Document | null | undefined, version: number): string | null | undefined {
  const trail = trailOf(doc);
  if (trail.length === 0) return undefined;
  const entry = trail.find((e) => e.version === version);
  if (entry) return entry.job_id;
  return version > Math.min(...trail.map((e) => e.version)) ? null : undefined;
}

/**
 * What a write of the row sets over the document it read (`earlier`, null for an insert): its
 * version's fields, with the trail extended by this version. Fields the row lacks are left as
 * they are on an update, since other tools may own them.
 */
export function writeFields(
  row: StagedRow,
  version: number,
  origin: WriteOrigin,
  now: Date,
  earlier: Document | null,
): Record<string, unknown> {
  return versionFields(row, version, origin, now, extendTrail(earlier, origin.jobId, version));
}

/** The trail a document gets when a job writes `version` over it. */
export function extendTrail(earlier: Document | null | undefined, jobId: string, version: number): TrailEntry[] {
  return [...trailOf(earlier), { job_id: jobId, version }].slice(-TRAIL_LENGTH);
}

/** A document as first inserted: version 1 of the row, under its deterministic _id. */
export function insertedDocument(row: StagedRow, origin: WriteOrigin, now: Date): ProductDocument {
  // Set on the fresh object rather than spread into another: a first import builds 100,000 of them.
  const document = writeFields(row, 1, origin, now, null);
  document.created_at = now;
  document._id = rowDocumentId(row);
  return document as ProductDocument;
}

/** The _id of a version's history document: replaying the write adds no second one. */
export const historyId = (documentId: string, version: number): string => `${documentId}:v${version}`;
