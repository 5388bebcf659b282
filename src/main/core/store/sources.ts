import { randomUUID } from 'node:crypto';
import type { SourceInput, SourceView } from '../../../preload/contract';
import { sourceProblems } from '../sources/profile';
import type { Db } from './database';

/** A source that cannot be saved as written; the message lists every problem. */
export class SourceError extends Error {
  override name = 'SourceError';
}

interface SourceRow {
  id: string;
  definition: string;
  updated_at: string;
}

const toView = (row: SourceRow): SourceView => ({
  ...(JSON.parse(row.definition) as SourceInput),
  id: row.id,
  updatedAt: row.updated_at,
});

export function listSources(db: Db): SourceView[] {
  return (db.prepare('SELECT * FROM sources ORDER BY name COLLATE NOCASE').all() as SourceRow[]).map(toView);
}

export function findSource(db: Db, idOrName: string): SourceView | undefined {
  const row = db.prepare('SELECT * FROM sources WHERE id = ? OR name = ? COLLATE NOCASE').get(idOrName, idOrName) as
    SourceRow | undefined;
  return row && toView(row);
}

/**
 * Creates a source, or replaces the one with the given id. Jobs already created keep the
 * profile they were created with.
 */
export function saveSource(db: Db, input: SourceInput, id: string | null = null): SourceView {
  const source: SourceInput = {
    ...input,
    name: input.name.trim(),
    database: input.database.trim(),
    collection: input.collection.trim(),
    wholesalerId: input.wholesalerId.trim(),
  };
  const problems = sourceProblems(source);
  const clash = findSource(db, source.name);
  if (clash && clash.id !== id) problems.push(`a source named "${clash.name}" already exists`);
  if (id !== null && !db.prepare('SELECT 1 FROM sources WHERE id = ?').get(id))
    problems.push(`no source with id ${id}`);
  if (problems.length > 0) throw new SourceError(`Source "${source.name}": ${problems.join('; ')}`);
  const sourceId = id ?? randomUUID();
  db.prepare(
    `INSERT INTO sources (id, name, definition, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at`,
  ).run(sourceId, source.name, JSON.stringify(source), new Date().toISOString());
  return findSource(db, sourceId) as SourceView;
}

export function deleteSource(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM sources WHERE id = ?').run(id).changes === 1;
}
