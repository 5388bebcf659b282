import type { Collection, Document } from 'mongodb';
import type { RowError } from '../../../preload/contract';
import type { ChunkOutcome, StagedRow } from '../store/staged-rows';
import { extendTrail, writerOf, type ProductDocument, type WriteOrigin } from './document';
import type { HashLookup, Held, LookupCollection } from './remote-hashes';
import { holdsContent } from './same-content';

// What a chunk writes to and what it has settled so far; how it writes is chunk-writer.ts.

type EntityCollection = Pick<Collection<ProductDocument>, 'bulkWrite'> & LookupCollection;
type HistoryCollection = Pick<Collection<ProductDocument>, 'insertMany'>;

/**
 * The versions a chunk plans, recorded before it is sent, so that after a crash a write of ours
 * that landed can be told from one another writer made since (store/flights.ts).
 */
export interface FlightLog {
  /** What an earlier, unrecorded attempt of this job planned for these documents. */
  planned: (ids: readonly string[]) => Map<string, number>;
  plan: (versions: ReadonlyMap<string, number>) => void;
}

/** Where a chunk goes: the product collection, its optional history collection, and the job writing. */
export interface WriteTarget {
  collection: EntityCollection;
  history: HistoryCollection | null;
  origin: WriteOrigin;
  flights: FlightLog;
  /** Update statements a command may carry: FerretDB 1.24 hangs at 100 (docs/test-servers.md). */
  updatesPerCommand: number;
}

export interface Item {
  row: StagedRow;
  id: string;
  /** What MongoDB held when the write was planned; undefined: no document. */
  held: Held | undefined;
}

/** A version a chunk wrote: its row, and what the document held before it (null: inserted). */
interface WrittenVersion {
  row: StagedRow;
  version: number;
  earlier: Document | null;
  /** What the document holds now, when another writer went over this version before it was read back. */
  stored: Held | undefined;
}

export interface ServerAnswer {
  code: number | string | undefined;
  message: string;
}

/** One chunk's work: what it has settled so far. */
export class ChunkWrite {
  readonly outcome: ChunkOutcome = { writtenRowNos: [], unchangedRowNos: [], supersededRowNos: [], errors: [] };
  /** The versions this chunk made, for the history collection and for lookups that remember. */
  readonly written = new Map<string, WrittenVersion>();
  readonly now = new Date();

  constructor(
    readonly target: WriteTarget,
    readonly lookup: HashLookup,
    /** What an earlier attempt of this chunk, cut short by a crash, had planned. */
    private readonly earlierPlans: ReadonlyMap<string, number>,
  ) {}

  get jobId(): string {
    return this.target.origin.jobId;
  }

  /**
   * Counts the row written as `version`. `stored` is what the document holds now when another
   * writer has gone over that version since.
   */
  wrote(item: Item, version: number, stored?: Held): void {
    this.outcome.writtenRowNos.push(item.row.rowNo);
    this.written.set(item.id, { row: item.row, version, earlier: item.held?.doc ?? null, stored });
  }

  /**
   * What the document of a version this chunk wrote holds now, as far as a later write of it in
   * this sync needs to know: the row's fields and the trail, unless another writer went over it.
   */
  heldAfter({ row, version, earlier, stored }: WrittenVersion): Held {
    if (stored) return stored;
    const { origin } = this.target;
    const trail = extendTrail(earlier, this.jobId, version);
    return {
      hash: row.contentHash,
      version,
      writer: this.jobId,
      queuedAt: this.queuedAt,
      doc: { ...row.doc, import: { job_id: origin.jobId, queued_at: origin.queuedAt, trail } },
    };
  }

  private get queuedAt(): number {
    return this.target.origin.queuedAt.getTime();
  }

  /**
   * True when the stored document holds newer work than this job's: queued later (on any
   * machine), or, for a document without an order (another tool's), written by someone else over
   * or after the version an earlier attempt of this job had sent. Such a row is not written.
   */
  supersededBy(item: Item, stored: Held): boolean {
    if (stored.writer === this.jobId) return false;
    if (stored.queuedAt !== null) return stored.queuedAt > this.queuedAt;
    const planned = this.earlierPlans.get(item.id);
    return planned !== undefined && (stored.version ?? 0) >= planned;
  }

  superseded(item: Item): void {
    this.outcome.supersededRowNos.push(item.row.rowNo);
  }

  failed(item: Item, answer: ServerAnswer): void {
    this.outcome.errors.push(writeError(item.row, answer.code, answer.message));
  }

  /**
   * Settles a row by what its document holds now. Written: the document's trail shows this job
   * made `sent`, the version a write of the row was sent for (by this attempt, or by one cut
   * short by a crash), even where another writer has gone over it since. Else, when the document
   * holds the row's content: written by this job (a replay of a write whose acknowledgement was
   * lost), or unchanged (an earlier job's). Gives false otherwise, and for a document known only
   * by a snapshot's hash.
   */
  settledByStored(item: Item, stored: Held | undefined, sent: number | undefined): boolean {
    if (!stored?.doc) return false;
    if (sent !== undefined && stored.writer !== this.jobId && writerOf(stored.doc, sent) === this.jobId) {
      this.wrote(item, sent, stored);
      return true;
    }
    if (!holdsContent(stored.doc, item.row.doc)) return false;
    if (stored.writer === this.jobId) this.wrote(item, stored.version ?? 1);
    else this.outcome.unchangedRowNos.push(item.row.rowNo);
    return true;
  }

  /** The version an earlier attempt of this job, cut short by a crash, sent for the row. */
  sentEarlier(item: Item): number | undefined {
    return this.earlierPlans.get(item.id);
  }
}

function writeError(row: StagedRow, code: number | string | undefined, message: string): RowError {
  return {
    rowNo: row.rowNo,
    lineNo: null,
    stage: 'write',
    column: null,
    value: row.entityCode,
    message,
    code: code === undefined ? null : String(code),
    // The document sent; once the sync ends, the row as the file has it takes its place.
    raw: JSON.stringify(row.doc),
    fields: null,
    entityCode: row.entityCode,
  };
}
