import type { Collection, Document } from 'mongodb';
import type { Db } from '../store/database';
import type { StagedRow } from '../store/staged-rows';
import { rowDocumentId, type ProductDocument } from './document';

export interface HashLookup {
  /** For each row's document id, the content hash MongoDB holds (absent: no such document). */
  find: (rows: readonly StagedRow[]) => Promise<Map<string, string | null>>;
  /** Notes rows just written, so a later lookup in this sync sees them as MongoDB now holds them. */
  remember: (rows: readonly StagedRow[]) => void;
}

export type LookupCollection = Pick<Collection<ProductDocument>, 'find' | 'aggregate'>;

const SNAPSHOT_BATCH = 5000;
/** How long a snapshot may serve later parts of a batch before it is read again. */
export const SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

/**
 * Chooses how to learn what MongoDB already holds. Work that covers a large share of the
 * collection reads the wholesaler's hashes in one pass into SQLite (one scan instead of one
 * lookup per chunk); small work looks up each chunk's ids by primary key. The parts of a split
 * file share one snapshot (`ownerId` is the batch's first job): their entities are distinct, so
 * what one part writes never changes what another part must look up.
 */
export async function prepareHashLookup(
  db: Db,
  ownerId: string,
  wholesalerId: string,
  pendingRows: number,
  collection: LookupCollection,
): Promise<HashLookup> {
  const now = Date.now();
  db.prepare('DELETE FROM hash_snapshots WHERE taken_at < ?').run(now - SNAPSHOT_MAX_AGE_MS);
  db.prepare('DELETE FROM remote_hashes WHERE job_id NOT IN (SELECT owner_id FROM hash_snapshots)').run();
  const fresh = db.prepare('SELECT 1 FROM hash_snapshots WHERE owner_id = ?').get(ownerId) !== undefined;
  const insert = db.prepare('INSERT OR REPLACE INTO remote_hashes (job_id, doc_id, content_hash) VALUES (?, ?, ?)');
  if (!fresh) {
    const documents = await documentCount(collection);
    if (pendingRows * 4 < documents) {
      return { find: (rows) => lookupByIds(collection, rows), remember: () => undefined };
    }
    // Registered before it is filled, so a sync of another job does not sweep it away meanwhile.
    db.prepare('INSERT OR REPLACE INTO hash_snapshots (owner_id, taken_at) VALUES (?, ?)').run(ownerId, now);
    const store = db.transaction((batch: Document[]) => {
      for (const doc of batch) insert.run(ownerId, String(doc._id), storedHash(doc));
    });
    try {
      let batch: Document[] = [];
      for await (const doc of collection.find({ wholesaler_id: wholesalerId }, { projection: { content_hash: 1 } })) {
        batch.push(doc);
        if (batch.length >= SNAPSHOT_BATCH) {
          store(batch);
          batch = [];
        }
      }
      store(batch);
    } catch (error) {
      dropHashSnapshot(db, ownerId);
      throw error;
    }
  }

  const select = db.prepare('SELECT content_hash FROM remote_hashes WHERE job_id = ? AND doc_id = ?');
  return {
    find: (rows) => {
      const found = new Map<string, string | null>();
      for (const row of rows) {
        const id = rowDocumentId(row);
        const hit = select.get(ownerId, id) as { content_hash: string | null } | undefined;
        if (hit) found.set(id, hit.content_hash);
      }
      return Promise.resolve(found);
    },
    remember: (rows) => {
      db.transaction(() => {
        for (const row of rows) insert.run(ownerId, rowDocumentId(row), row.contentHash);
      })();
    },
  };
}

/**
 * The collection's document count from its metadata ($collStats, one entry per shard). Cheap on
 * MongoDB and FerretDB alike, where estimatedDocumentCount makes FerretDB scan the collection.
 */
async function documentCount(collection: LookupCollection): Promise<number> {
  const stats = await collection.aggregate<{ count?: number }>([{ $collStats: { count: {} } }]).toArray();
  return stats.reduce((sum, shard) => sum + (shard.count ?? 0), 0);
}

/** A document's content hash, or null for one written without it (by another tool). */
const storedHash = (doc: Document): string | null => (typeof doc.content_hash === 'string' ? doc.content_hash : null);

async function lookupByIds(
  collection: LookupCollection,
  rows: readonly StagedRow[],
): Promise<Map<string, string | null>> {
  const ids = rows.map(rowDocumentId);
  const found = new Map<string, string | null>();
  for await (const doc of collection.find({ _id: { $in: ids } }, { projection: { content_hash: 1 } })) {
    found.set(doc._id, storedHash(doc));
  }
  return found;
}

export function dropHashSnapshot(db: Db, ownerId: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM hash_snapshots WHERE owner_id = ?').run(ownerId);
    db.prepare('DELETE FROM remote_hashes WHERE job_id = ?').run(ownerId);
  })();
}
