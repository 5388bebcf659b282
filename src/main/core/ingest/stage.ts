import { basename } from 'node:path';
import { ImportFileError } from '../errors';
import { openDatabase } from '../store/database';
import { resetStaging } from '../store/jobs';
import { stageBatch, type StageBatch } from '../store/staged-rows';
import { readRecords } from './read-file';
import { mapRecord, problemRow, readHeader, type Header } from './mapping';

export interface StageRequest {
  jobId: string;
  dbPath: string;
  filePath: string;
  wholesalerId: string;
  batchRows: number;
}

export interface StageTotals {
  rowsParsed: number;
  rowsStaged: number;
  rowsFailed: number;
}

/**
 * Parses, maps and validates a file and stages its rows in SQLite, a transaction per batch.
 * Starts from a clean slate, so a parse interrupted by a crash is simply run again.
 */
export async function stageFile(
  request: StageRequest,
  onProgress: (totals: StageTotals) => void,
): Promise<StageTotals> {
  const db = openDatabase(request.dbPath);
  const totals: StageTotals = { rowsParsed: 0, rowsStaged: 0, rowsFailed: 0 };
  let batch: StageBatch = { staged: [], errors: [], parsed: 0 };
  const flush = (): void => {
    stageBatch(db, request.jobId, batch);
    totals.rowsParsed += batch.parsed;
    totals.rowsStaged += batch.staged.length;
    totals.rowsFailed += batch.errors.length;
    batch = { staged: [], errors: [], parsed: 0 };
    onProgress({ ...totals });
  };

  try {
    resetStaging(db, request.jobId);
    let header: Header | undefined;
    for await (const item of readRecords(request.filePath)) {
      if (!item.ok && !header) {
        throw new ImportFileError(
          `${basename(request.filePath)}: line ${item.problem.lineNo}: the header row cannot be read: ${item.problem.message}`,
        );
      }
      if (!item.ok) {
        batch.errors.push(problemRow(item.problem));
        batch.parsed++;
        continue;
      }
      const record = item.record;
      if (!header) {
        header = readHeader(basename(request.filePath), record.fields);
        continue;
      }
      // A blank line holds no row: nothing to import, nothing to report.
      if (record.fields.every((field) => field.trim() === '')) continue;
      const mapped = mapRecord(header, record, request.wholesalerId);
      if (mapped.ok) batch.staged.push(mapped.row);
      else batch.errors.push(mapped.error);
      batch.parsed++;
      if (batch.parsed >= request.batchRows) flush();
    }
    if (!header) throw new ImportFileError(`${basename(request.filePath)}: the file is empty (no header row)`);
    flush();
    return totals;
  } finally {
    db.close();
  }
}
