import { MongoBulkWriteError, MongoServerError, type AnyBulkWriteOperation, type WriteError } from 'mongodb';
import type { ChunkOutcome, StagedRow } from '../store/staged-rows';
import { ChunkWrite, type Item, type ServerAnswer, type WriteTarget } from './chunk-write';
import {
  historyId,
  insertedDocument,
  rowDocumentId,
  trailOf,
  TRAIL_LENGTH,
  versionFields,
  writeFields,
  writerOf,
  type ProductDocument,
} from './document';
import { isTransientError } from './mongo';
import { readHeld, type HashLookup, type Held } from './remote-hashes';

const DUPLICATE_KEY = 11000;
/** How often a row is written again after other writers changed its document in between. */
const CONFLICT_ATTEMPTS = 5;

/**
 * Writes a chunk. Every write is conditional, so that applying a chunk again, after a crash or a
 * lost acknowledgement, changes nothing:
 * - a document MongoDB lacks is inserted as version 1 under its deterministic _id (a second
 *   insert is refused as a duplicate);
 * - a changed document is updated only if it still has the version read before (`{_id,
 *   version}`), to that version plus one: no blind $inc;
 * - a document already holding the row's content is not written at all.
 * A write that does not land as planned (refused, or the document moved on meanwhile) is read
 * back and settled row by row (see resolve). Connection errors propagate: the chunk's outcome is
 * then unknown and the caller keeps it pending.
 */
export async function writeChunk(
  target: WriteTarget,
  rows: readonly StagedRow[],
  lookup: HashLookup,
): Promise<ChunkOutcome> {
  const chunk = new ChunkWrite(target, lookup, target.flights.planned(rows.map(rowDocumentId)));
  for (const group of withoutRepeats(rows)) {
    const held = await lookup.find(group);
    const writtenBefore = chunk.written.size;
    await settle(
      chunk,
      group.map((row) => {
        const id = rowDocumentId(row);
        return { row, id, held: held.get(id) };
      }),
      1,
    );
    const fresh = [...chunk.written].slice(writtenBefore);
    await writeHistory(chunk, fresh);
    if (lookup.remember) lookup.remember(new Map(fresh.map(([id, version]) => [id, chunk.heldAfter(version)])));
  }
  return chunk.outcome;
}

/**
 * Splits rows into runs in which no entity appears twice, keeping file order: a later row for the
 * same entity is then compared with what the earlier one wrote, so the last row in the file wins.
 */
function withoutRepeats(rows: readonly StagedRow[]): StagedRow[][] {
  const groups: StagedRow[][] = [];
  let group: StagedRow[] = [];
  let ids = new Set<string>();
  for (const row of rows) {
    const id = rowDocumentId(row);
    if (ids.has(id)) {
      groups.push(group);
      group = [];
      ids = new Set();
    }
    group.push(row);
    ids.add(id);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

async function settle(chunk: ChunkWrite, items: readonly Item[], attempt: number): Promise<void> {
  const inserts: Item[] = [];
  const updates: Item[] = [];
  for (const item of items) {
    if (item.held === undefined) inserts.push(item);
    else if (chunk.settledByStored(item, item.held, chunk.sentEarlier(item))) continue;
    else if (chunk.supersededBy(item, item.held)) chunk.superseded(item);
    else updates.push(item);
  }
  if (inserts.length > 0) await send(chunk, inserts, attempt);
  const { updatesPerCommand } = chunk.target;
  for (let i = 0; i < updates.length; i += updatesPerCommand) {
    await send(chunk, updates.slice(i, i + updatesPerCommand), attempt);
  }
}

/** The version a write of the item makes. */
const plannedVersion = (item: Item): number => (item.held?.version ?? 0) + 1;

/** The version each write of a piece makes: recorded before the piece is sent. */
function plannedVersions(piece: readonly Item[]): Map<string, number> {
  return new Map(piece.map((item) => [item.id, plannedVersion(item)]));
}

function operation(chunk: ChunkWrite, item: Item): AnyBulkWriteOperation<ProductDocument> {
  const { origin } = chunk.target;
  if (item.held === undefined) {
    return {
      insertOne: { document: insertedDocument(item.row, origin, chunk.now) },
    };
  }
  return {
    updateOne: {
      // {version: null} also matches a document without the field (written by another tool).
      filter: { _id: item.id, version: item.held.version },
      update: { $set: writeFields(item.row, plannedVersion(item), origin, chunk.now, item.held.doc) },
    },
  };
}

/** Sends one piece of same-kind writes (all inserts, or at most 50 updates) as an unordered bulk. */
async function send(chunk: ChunkWrite, piece: readonly Item[], attempt: number): Promise<void> {
  let answers = new Map<number, ServerAnswer>();
  let refusal: ServerAnswer | undefined;
  chunk.target.flights.plan(plannedVersions(piece));
  try {
    const result = await chunk.target.collection.bulkWrite(
      piece.map((item) => operation(chunk, item)),
      { ordered: false },
    );
    if (result.insertedCount + result.matchedCount === piece.length) {
      for (const item of piece) chunk.wrote(item, plannedVersion(item));
      return;
    }
  } catch (error) {
    if (isTransientError(error)) throw error;
    const writeErrors = error instanceof MongoBulkWriteError ? ([] as WriteError[]).concat(error.writeErrors) : [];
    if (writeErrors.length > 0) {
      answers = new Map(writeErrors.map((e) => [e.index, { code: e.code, message: e.errmsg ?? 'write refused' }]));
    } else if (error instanceof MongoServerError) {
      // The whole command refused, or (FerretDB, on an update that breaks a unique index) one
      // statement refused without saying which.

      refusal = { code: error.code, message: error.errmsg };
    } else if (error instanceof Error) {
      // The driver refuses some writes before sending them, such as a document over 16 MB.
      refusal = { code: undefined, message: error.message };
    } else {
      throw error;
    }
  }
  await resolve(chunk, piece, answers, refusal, attempt);
}

/**
 * Settles a piece whose bulk did not land as planned, without trusting the server's account of
 * it: MongoDB stops an unordered bulk's later batches on a network error, and FerretDB's update
 * stops at its first failing statement and reports it as index 0. The piece's documents are read
 * back; rows whose content is stored are done. Of the rest, a row the server refused is sent
 * alone, so that its error is its own; a whole piece refused is halved; rows the server took but
 * did not match had their document changed by another writer (or were never sent) and are
 * written again against what is stored now.
 */
async function resolve(
  chunk: ChunkWrite,
  piece: readonly Item[],
  answers: ReadonlyMap<number, ServerAnswer>,
  refusal: ServerAnswer | undefined,
  attempt: number,
): Promise<void> {
  const stored = await readHeld(
    chunk.target.collection,
    piece.map((item) => item.id),
  );
  const left: { item: Item; answer: ServerAnswer | undefined; inserted: boolean }[] = [];
  // An insert refused because its document exists: what the lookup gave as absent was not.
  if (piece.some((item) => item.held === undefined && stored.has(item.id))) chunk.lookup.existed?.();
  piece.forEach((item, index) => {
    const now = stored.get(item.id);
    const sent = plannedVersion(item);
    if (chunk.settledByStored(item, now, sent)) return;
    if (!answers.has(index) && buriedPastTrail(now, sent)) {
      chunk.failed(item, {
        code: undefined,
        message: `whether this row's write landed cannot be told: more than ${TRAIL_LENGTH} writes of other jobs are over it; the document holds their newer content`,
      });
      return;
    }
    left.push({
      item: { ...item, held: now },
      answer: answers.get(index) ?? refusal,
      inserted: item.held === undefined,
    });
  });
  if (left.length === 0) return;
  const failed = answers.size > 0 || refusal !== undefined;
  // A failure that settled nothing and named none of the rows (indexes that match no statement)
  // is the whole piece's: it is halved like a refusal, so that it ends.
  const unnamed = failed && left.length === piece.length && left.every((l) => l.answer === undefined);
  const wholePiece = refusal ?? (unnamed ? [...answers.values()][0] : undefined);
  if (unnamed) for (const l of left) l.answer = wholePiece;

  if (piece.length === 1) {
    const [{ item, answer, inserted }] = left as [(typeof left)[number]];
    // An insert refused as a duplicate while the document now exists: another writer inserted
    // it first, so it is updated instead. (A duplicate on another unique index leaves none.)
    const raced = inserted && answer?.code === DUPLICATE_KEY && item.held !== undefined;
    if (answer && !raced) chunk.failed(item, answer);
    else await retry(chunk, [item], attempt + 1);
    return;
  }
  const refused = left.filter((l) => l.answer !== undefined).map((l) => l.item);
  const moved = left.filter((l) => l.answer === undefined).map((l) => l.item);
  if (wholePiece && refused.length > 1) {
    const half = Math.ceil(refused.length / 2);
    await settle(chunk, refused.slice(0, half), attempt);
    await settle(chunk, refused.slice(half), attempt);
  } else {
    for (const item of refused) await settle(chunk, [item], attempt);
  }
  if (moved.length === 0) return;
  // After a refusal, a row without an answer may just not have been sent (FerretDB stops at the
  // first failing statement): it goes again as it is, which is not a conflict. Each such round
  // settles at least one row, so it ends.
  if (failed) await settle(chunk, moved, attempt);
  else await retry(chunk, moved, attempt + 1);
}

/**
 * True when other jobs have written the document so often since `version` was sent that its
 * trail no longer reaches back to say who made that version.
 */
function buriedPastTrail(stored: Held | undefined, version: number): boolean {
  return (
    trailOf(stored?.doc).length > 0 && (stored?.version ?? 0) > version && writerOf(stored?.doc, version) === undefined
  );
}

/** Writes rows again against what is stored now, unless they have been tried too often. */
async function retry(chunk: ChunkWrite, items: readonly Item[], attempt: number): Promise<void> {
  if (attempt <= CONFLICT_ATTEMPTS) {
    await settle(chunk, items, attempt);
    return;
  }
  for (const item of items) {
    chunk.failed(item, {
      code: undefined,
      message: `the document kept changing under other writers (${CONFLICT_ATTEMPTS} attempts); retry this row`,
    });
  }
}

/**
 * Adds one history document per version written, under a deterministic _id: a version already
 * recorded (a replay) is refused as a duplicate and that is fine.
 */
async function writeHistory(chunk: ChunkWrite, written: readonly [string, { row: StagedRow; version: number }][]) {
  const { history, origin } = chunk.target;
  if (!history || written.length === 0) return;
  const documents = written.map(([id, { row, version }]) => {
    // A history document records a version; being current is the product document's business.
    const fields = versionFields(row, version, origin, chunk.now);
    delete fields.isCurrent;
    delete fields.isCurrentPublished;
    return { ...fields, _id: historyId(id, version), document_id: id };
  });
  try {
    await history.insertMany(documents, { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const other = ([] as WriteError[]).concat(error.writeErrors).find((e) => e.code !== DUPLICATE_KEY);
    if (other) throw new Error(`Writing the history collection failed: ${other.errmsg ?? 'write refused'}`);
  }
}
