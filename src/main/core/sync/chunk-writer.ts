import {
  MongoBulkWriteError,
  MongoServerError,
  type AnyBulkWriteOperation,
  type Collection,
  type WriteError,
} from 'mongodb';
import type { RowError } from '../../../preload/contract';
import type { ChunkOutcome, StagedRow } from '../store/staged-rows';
import { contentFields, rowDocumentId, type ProductDocument } from './document';
import type { HashLookup } from './remote-hashes';

export type EntityCollection = Pick<Collection<ProductDocument>, 'bulkWrite' | 'updateOne'>;

const DUPLICATE_KEY = 11000;
/** FerretDB 1.24 deadlocks on an update command of 100 or more statements (docs/ferretdb.md). */
const UPDATES_PER_COMMAND = 50;

function writeError(row: StagedRow, code: number | string | undefined, message: string): RowError {
  return {
    rowNo: row.rowNo,
    lineNo: null,
    stage: 'write',
    column: null,
    value: row.entityCode,
    message,
    code: code === undefined ? null : String(code),
    raw: JSON.stringify(row.doc),
  };
}

function updateFor(row: StagedRow, jobId: string, now: Date, upsert: boolean) {
  return {
    filter: { _id: rowDocumentId(row) },
    update: { $set: contentFields(row, jobId, now), $setOnInsert: { created_at: now } },
    upsert,
  };
}

/**
 * Writes a chunk with unordered bulkWrites: rows MongoDB lacks are inserted, rows whose content changed are updated by
 * primary key, rows it already holds unchanged are not sent at all. Every write is keyed by the
 * deterministic _id, so replaying a chunk adds nothing. Connection errors propagate: the
 * chunk's outcome is then unknown and the caller keeps it pending.
 */
export async function writeChunk(
  collection: EntityCollection,
  rows: readonly StagedRow[],
  lookup: HashLookup,
  jobId: string,
): Promise<ChunkOutcome> {
  const now = new Date();
  const outcome: ChunkOutcome = { writtenRowNos: [], unchangedRowNos: [], errors: [] };
  for (const group of withoutRepeats(rows)) {
    const writtenBefore = outcome.writtenRowNos.length;
    await writeGroup(collection, group, await lookup.find(group), jobId, now, outcome);
    const written = new Set(outcome.writtenRowNos.slice(writtenBefore));
    lookup.remember(group.filter((row) => written.has(row.rowNo)));
  }
  return outcome;
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

async function writeGroup(
  collection: EntityCollection,
  rows: readonly StagedRow[],
  held: Map<string, string | null>,
  jobId: string,
  now: Date,
  outcome: ChunkOutcome,
): Promise<void> {
  const fresh: StagedRow[] = [];
  const changed: StagedRow[] = [];
  for (const row of rows) {
    const id = rowDocumentId(row);
    if (!held.has(id)) fresh.push(row);
    else if (held.get(id) === row.contentHash) outcome.unchangedRowNos.push(row.rowNo);
    else changed.push(row);
  }

  const raced = await insertFresh(collection, fresh, jobId, now, outcome);
  for (let i = 0; i < changed.length; i += UPDATES_PER_COMMAND) {
    await updateChanged(collection, changed.slice(i, i + UPDATES_PER_COMMAND), jobId, now, outcome);
  }
  await updateRaced(collection, raced, jobId, now, outcome);
}

/** Inserts new rows; returns those another writer inserted first, with the insert's error. */
async function insertFresh(
  collection: EntityCollection,
  rows: StagedRow[],
  jobId: string,
  now: Date,
  outcome: ChunkOutcome,
): Promise<{ row: StagedRow; error: RowError }[]> {
  if (rows.length === 0) return [];
  const inserts: AnyBulkWriteOperation<ProductDocument>[] = rows.map((row) => ({
    insertOne: { document: { ...contentFields(row, jobId, now), created_at: now, _id: rowDocumentId(row) } },
  }));
  const failed = new Map<number, { code: number | string | undefined; message: string }>();
  try {
    await collection.bulkWrite(inserts, { ordered: false });
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors);
    for (const e of writeErrors) failed.set(e.index, { code: e.code, message: e.errmsg ?? 'write failed' });
  }
  const raced: { row: StagedRow; error: RowError }[] = [];
  rows.forEach((row, index) => {
    const failure = failed.get(index);
    if (!failure) outcome.writtenRowNos.push(row.rowNo);
    else if (failure.code === DUPLICATE_KEY) raced.push({ row, error: writeError(row, failure.code, failure.message) });
    else outcome.errors.push(writeError(row, failure.code, failure.message));
  });
  return raced;
}

async function updateChanged(
  collection: EntityCollection,
  rows: StagedRow[],
  jobId: string,
  now: Date,
  outcome: ChunkOutcome,
): Promise<void> {
  const ops: AnyBulkWriteOperation<ProductDocument>[] = rows.map((row) => ({
    updateOne: updateFor(row, jobId, now, true),
  }));
  try {
    await collection.bulkWrite(ops, { ordered: false });
    for (const row of rows) outcome.writtenRowNos.push(row.rowNo);
    return;
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
  }
  // Servers differ in how faithfully a failed bulk names its statements (FerretDB stops at the
  // first and reports index 0), so each row is sent alone to get its own answer.
  for (const row of rows) {
    const { filter, update, upsert } = updateFor(row, jobId, now, true);
    try {
      await collection.updateOne(filter, update, { upsert });
      outcome.writtenRowNos.push(row.rowNo);
    } catch (error) {
      if (!(error instanceof MongoServerError)) throw error;
      outcome.errors.push(writeError(row, error.code, error.errmsg));
    }
  }
}

/**
 * Rows whose insert hit a duplicate key: either the same _id appeared meanwhile (update it) or
 * another unique index refused the row (no document with this _id: the insert's error stands).
 */
async function updateRaced(
  collection: EntityCollection,
  raced: { row: StagedRow; error: RowError }[],
  jobId: string,
  now: Date,
  outcome: ChunkOutcome,
): Promise<void> {
  for (const { row, error } of raced) {
    const { filter, update } = updateFor(row, jobId, now, false);
    try {
      const result = await collection.updateOne(filter, update);
      if (result.matchedCount === 1) outcome.writtenRowNos.push(row.rowNo);
      else outcome.errors.push(error);
    } catch (updateError) {
      if (!(updateError instanceof MongoServerError)) throw updateError;
      outcome.errors.push(writeError(row, updateError.code, updateError.errmsg));
    }
  }
}
