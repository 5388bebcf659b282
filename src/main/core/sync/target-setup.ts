import { MongoServerError, type Collection } from 'mongodb';
import type { ProductDocument } from './document';
import { isUnauthorized } from './mongo';
import { documentCount } from './remote-hashes';

export const ENTITY_INDEX_NAME = 'wholesaler_entity_unique';
const ENTITY_INDEX_KEY = '{wholesaler_id, entity_code}';

/** CannotCreateIndex: among its causes, a unique index that does not start with the shard key. */
const CANNOT_CREATE_INDEX = 67;

/** What losing the unique index costs: the _id still makes this app's writes one per entity. */
const WITHOUT_UNIQUE_INDEX =
  'Each document’s _id carries the wholesaler and entity code, so this app still writes one document per entity; ' +
  'a document another tool writes for the same entity under another _id is no longer refused.';

export type TargetCollection = Pick<Collection<ProductDocument>, 'createIndexes' | 'aggregate'>;

/**
 * Creates the unique index on {wholesaler_id, entity_code}, which stops other tools writing a
 * second document for an entity under another _id. Gives null, or why it was skipped: the
 * user's role lacks createIndex, or the collection is sharded on a key the index does not start
 * with (MongoDB refuses such a unique index). Neither stops the job: identity rests on the _id.
 */
export async function ensureEntityIndex(
  collection: Pick<Collection<ProductDocument>, 'createIndexes'>,
  namespace: string,
): Promise<string | null> {
  try {
    await collection.createIndexes([
      { key: { wholesaler_id: 1, entity_code: 1 }, unique: true, name: ENTITY_INDEX_NAME },
    ]);
    return null;
  } catch (error) {
    if (isUnauthorized(error)) {
      return (
        `The unique index ${ENTITY_INDEX_NAME} on ${ENTITY_INDEX_KEY} was not created: the MongoDB user may not ` +
        `create indexes (createIndex) on ${namespace}. ${WITHOUT_UNIQUE_INDEX}`
      );
    }
    if (error instanceof MongoServerError && error.code === CANNOT_CREATE_INDEX && /shard key/i.test(error.message)) {
      const key = /shard key pattern (\{.*\})/i.exec(error.message)?.[1] ?? 'a key it does not start with';
      return (
        `The unique index ${ENTITY_INDEX_NAME} on ${ENTITY_INDEX_KEY} was not created: ${namespace} is sharded by ` +
        `${key}, and MongoDB allows a unique index only when it starts with the shard key. ${WITHOUT_UNIQUE_INDEX}`
      );
    }
    throw error;
  }
}

/**
 * Gets a collection ready for a job's writes, once per collection: its unique index, and, where
 * the count decides how a job learns what the collection holds (`counted`: on FerretDB, see
 * sync/server.ts), whether the user may read it ($collStats). Gives what was skipped and what
 * that costs, for the job's alert, or null. Other failures (the server away, say) are thrown.
 */
export async function prepareTarget(
  collection: TargetCollection,
  namespace: string,
  counted: boolean,
): Promise<string | null> {
  const skipped = [await ensureEntityIndex(collection, namespace)];
  if (counted && (await documentCount(collection)) === null) {
    skipped.push(
      `The document count of ${namespace} could not be read: the MongoDB user may not run collStats there. ` +
        'Each chunk looks up its own documents instead of the job reading the wholesaler’s documents in one pass, ' +
        'which is slower when a job rewrites a large share of the collection.',
    );
  }
  const warnings = skipped.filter((text) => text !== null);
  return warnings.length > 0 ? warnings.join(' ') : null;
}

/** The job's alert with `warning` added, or null when it says so already (a resumed job). */
export function withWarning(alert: string | null, warning: string): string | null {
  if (alert?.includes(warning)) return null;
  return alert ? `${alert} ${warning}` : warning;
}
