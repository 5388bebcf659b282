import type { JobView } from '../../../preload/contract';
import { fileSha256 } from '../ingest/file-hash';
import type { ReadOptions } from '../ingest/read-file';
import type { Db } from '../store/database';

/**
 * Gives the error rows MongoDB refused the row as the file has it (its text, line and cells), in
 * place of the document that was sent, so that an export gives back the file's own columns. Reads
 * the file once, and only while it is unchanged since it was imported; otherwise, or when the
 * file cannot be read, the rows keep the document: the job's outcome does not depend on it.
 */
export async function attachFileRows(db: Db, job: JobView, options: ReadOptions): Promise<number> {
  // Write errors are recorded without a line; one with a line has its file row already.
  const wanted = db
    .prepare(
      "SELECT id, row_no FROM row_errors WHERE job_id = ? AND stage = 'write' AND line_no IS NULL AND row_no IS NOT NULL",
    )
    .all(job.id) as { id: number; row_no: number }[];
  if (wanted.length === 0 || job.fileSha256 === null) return 0;
  try {
    if ((await fileSha256(job.filePath)) !== job.fileSha256) return 0;
    return await attach(db, job, options, wanted);
  } catch {
    return 0;
  }
}

async function attach(
  db: Db,
  job: JobView,
  options: ReadOptions,
  wanted: readonly { id: number; row_no: number }[],
): Promise<number> {
  const byRow = new Map<number, number[]>();
  for (const { id, row_no } of wanted) byRow.set(row_no, [...(byRow.get(row_no) ?? []), id]);
  const update = db.prepare('UPDATE row_errors SET raw = ?, fields = ?, line_no = ? WHERE id = ?');
  let attached = 0;
  // Loaded only when rows were refused: the readers stay out of the main process otherwise.
  const { readRecords } = await import('../ingest/read-file');
  for await (const item of readRecords(job.filePath, options)) {
    if (!item.ok) continue;
    const read = 'record' in item ? item.record : item.object;
    const ids = byRow.get(read.rowNo);
    if (!ids) continue;
    const fields = 'fields' in read ? JSON.stringify(read.fields) : null;
    for (const id of ids) attached += update.run(read.raw, fields, read.lineNo, id).changes;
    byRow.delete(read.rowNo);
    if (byRow.size === 0) break;
  }
  return attached;
}
