import { setTimeout as sleep } from 'node:timers/promises';
import { BSON, MongoServerError, type Collection, type Document } from 'mongodb';
import type { Db } from '../store/database';
import type { StagedRow } from '../store/staged-rows';
import { rowDocumentId, type ProductDocument } from './document';
import { isUnauthorized } from './mongo';

/** What MongoDB holds for one document, as far as a write needs to know. */
export interface Held {
  /** The stored content hash; null for a document written without one (by another tool). */
  hash: string | null;
  /** The stored version; null for a document that has none. */
  version: number | null;
  /** The job whose write the document holds, which tells a replay from somebody else's write. */
  writer: string | null;
  /** When the work it holds was queued (ms); null for a document without `import.queued_at`. */
  queuedAt: number | null;
  /** The stored document as read now, to compare its fields; null where only a snapshot's hash is known. */
  doc: Document | null;
}

export interface HashLookup {
  /**
   * For each row's document id, what MongoDB holds. Absent: no such document, or none expected
   * (a lookup may skip reading while the sync only meets new documents): every write is
   * conditional, so a row sent as an insert over a document that exists is refused and read back.
   */
  find: (rows: readonly StagedRow[]) => Promise<Map<string, Held>>;
  /**
   * Notes documents just written, so a later lookup sees them as MongoDB now holds them. Absent
   * where lookups read MongoDB itself: nothing is built for it then.
   */
  remember?: (written: ReadonlyMap<string, Held>) => void;
  /** Notes that documents a lookup gave as absent exist after all; absent where it never guesses. */
  existed?: () => void;
}

export type LookupCollection = Pick<Collection<ProductDocument>, 'find' | 'aggregate'>;

const SNAPSHOT_BATCH = 5000;
/** How long a snapshot may serve later syncs to the same target before it is read again. */
const SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

interface SnapshotRow {
  content_hash: string | null;
  version: number | null;
  writer: string | null;
  queued_at: number | null;
  document: Buffer | null;
}

/** What a document read from MongoDB (or as a write left it) holds. */
function heldOf(doc: Document): Held {
  const origin = doc.import as { job_id?: unknown; queued_at?: unknown } | undefined;
  return {
    hash: typeof doc.content_hash === 'string' ? doc.content_hash : null,
    version: typeof doc.version === 'number' ? doc.version : null,
    writer: typeof origin?.job_id === 'string' ? origin.job_id : null,
    queuedAt: origin?.queued_at instanceof Date ? origin.queued_at.getTime() : null,
    doc,
  };
}

/** Reads the documents MongoDB holds for these ids, by primary key, whole: their fields decide. */
export async function readHeld(collection: LookupCollection, ids: readonly string[]): Promise<Map<string, Held>> {
  const found = new Map<string, Held>();
  if (ids.length === 0) return found;
  for await (const doc of collection.find({ _id: { $in: [...ids] } })) found.set(doc._id, heldOf(doc));
  return found;
}

/**
 * Learns what MongoDB holds chunk by chunk, by primary key: what every server but FerretDB gets.
 * Once a lookup finds none of its documents (a first import, or new entities), the next ones are
 * not read: their rows go as inserts, which a document that exists refuses as a duplicate and
 * which are then read back (chunk-writer.ts). The first such refusal turns the reads back on.
 */
export function byIdLookup(collection: LookupCollection): HashLookup {
  let expectNew = false;
  return {
    find: async (rows) => {
      if (expectNew) return new Map<string, Held>();
      const found = await readHeld(collection, rows.map(rowDocumentId));
      expectNew = found.size === 0;
      return found;
    },
    existed: () => {
      expectNew = false;
    },
  };
}

/**
 * On FerretDB (sync/server.ts), where every `_id: {$in}` lookup scans the collection, chooses how
 * to learn what it holds. Work that covers a large share of the collection reads the wholesaler's
 * documents whole in one pass into SQLite; small work looks up each chunk's ids by primary key.
 *
 * A snapshot serves the sync of one file by one process (`target` names both, with the server,
 * namespace and wholesaler): its parts need no second scan, and a later import takes a fresh one.
 * It is updated with what the file's sync writes. An entry cannot cause a wrong write, since every
 * write is conditional on the version it read (chunk-writer.ts); it can make a row look unchanged
 * that another tool changed while the file was syncing. SNAPSHOT_MAX_AGE_MS sweeps old ones away.
 */
export async function prepareHashLookup(
  db: Db,
  target: string,
  wholesalerId: string,
  pendingRows: number,
  collection: LookupCollection,
  signal: AbortSignal,
): Promise<HashLookup> {
  const now = Date.now();
  db.prepare('DELETE FROM hash_snapshots WHERE taken_at < ?').run(now - SNAPSHOT_MAX_AGE_MS);
  db.prepare('DELETE FROM remote_hashes WHERE target NOT IN (SELECT target FROM hash_snapshots)').run();
  const snapshot = db.prepare('SELECT complete FROM hash_snapshots WHERE target = ?').get(target) as
    { complete: number } | undefined;
  const insert = db.prepare(
    `INSERT OR REPLACE INTO remote_hashes (target, doc_id, content_hash, version, writer, queued_at, document)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const store = db.transaction((entries: Iterable<[string, Held]>) => {
    for (const [id, held] of entries) {
      const document = held.doc ? BSON.serialize(held.doc) : null;
      insert.run(target, id, held.hash, held.version, held.writer, held.queuedAt, document);
    }
  });
  // Looking up by _id, writes still go into a snapshot of the target if another sync keeps one.
  const byIds: HashLookup = {
    ...byIdLookup(collection),
    remember: (written) => {
      if (db.prepare('SELECT 1 FROM hash_snapshots WHERE target = ?').get(target)) store(written);
    },
  };
  // Another sync (another part of the file) is reading the snapshot now: waiting for it costs
  // less than a scan of the collection per chunk by _id. Should that read fail, or take too long
  // (its process gone), this sync looks up by _id.
  if (snapshot?.complete === 0 && !(await snapshotRead(db, target, signal))) return byIds;
  if (!snapshot) {
    const documents = await documentCount(collection);
    if (documents === null || pendingRows * 4 < documents) return byIds;
    // Registered before it is filled, so a sync of another job does not sweep it away meanwhile.
    db.prepare('INSERT OR REPLACE INTO hash_snapshots (target, taken_at, complete) VALUES (?, ?, 0)').run(target, now);
    try {
      let batch: [string, Held][] = [];
      // Documents of other tools may have any _id (an ObjectId, say): as text they match no row.
      // Whole documents: FerretDB decodes them whole anyway, and their fields decide (chunk-writer.ts).
      for await (const doc of collection.find<Document>({ wholesaler_id: wholesalerId })) {
        batch.push([String(doc._id), heldOf(doc)]);
        if (batch.length >= SNAPSHOT_BATCH) {
          store(batch);
          batch = [];
        }
      }
      store(batch);
      db.prepare('UPDATE hash_snapshots SET complete = 1 WHERE target = ?').run(target);
    } catch (error) {
      dropHashSnapshot(db, target);
      throw error;
    }
  }

  const select = db.prepare(
    'SELECT content_hash, version, writer, queued_at, document FROM remote_hashes WHERE target = ? AND doc_id = ?',
  );
  return {
    find: (rows) => {
      const found = new Map<string, Held>();
      for (const row of rows) {
        const id = rowDocumentId(row);
        const hit = select.get(target, id) as SnapshotRow | undefined;
        if (hit) {
          found.set(id, {
            hash: hit.content_hash,
            version: hit.version,
            writer: hit.writer,
            queuedAt: hit.queued_at,
            doc: hit.document === null ? null : BSON.deserialize(hit.document),
          });
        }
      }
      return Promise.resolve(found);
    },
    remember: (written) => {
      store(written);
    },
  };
}

const NAMESPACE_NOT_FOUND = 26;

/**
 * The collection's document count from its metadata ($collStats, one entry per shard). Cheap on
 * MongoDB and FerretDB alike, where estimatedDocumentCount makes FerretDB scan the collection.
 * Null (unknown) when the user's role lacks collStats: lookups per chunk then need no count.
 * A collection not created yet (no unique index was made first) holds none.
 */
export async function documentCount(
  collection: Pick<Collection<ProductDocument>, 'aggregate'>,
): Promise<number | null> {
  try {
    const stats = await collection.aggregate<{ count?: number }>([{ $collStats: { count: {} } }]).toArray();
    return stats.reduce((sum, shard) => sum + (shard.count ?? 0), 0);
  } catch (error) {
    if (isUnauthorized(error)) return null;
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return 0;
    throw error;
  }
}

/** How long a sync waits for another to finish reading a snapshot it shares. */
const SNAPSHOT_WAIT_MS = 3 * 60_000;

/** Waits until another sync's snapshot of the target is read whole (true) or dropped (false). */
async function snapshotRead(db: Db, target: string, signal: AbortSignal): Promise<boolean> {
  const state = db.prepare('SELECT complete FROM hash_snapshots WHERE target = ?').pluck();
  for (const deadline = Date.now() + SNAPSHOT_WAIT_MS; Date.now() < deadline;) {
    const complete = state.get(target) as number | undefined;
    if (complete !== 0) return complete === 1;
    await sleep(200, undefined, { signal });
  }
  return false;
}

function dropHashSnapshot(db: Db, target: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM hash_snapshots WHERE target = ?').run(target);
    db.prepare('DELETE FROM remote_hashes WHERE target = ?').run(target);
  })();
}
