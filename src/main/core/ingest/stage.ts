import { basename } from 'node:path';
import { ImportFileError } from '../errors';
import { openDatabase } from '../store/database';
import { resetStaging } from '../store/jobs';
import { stageBatch, type StageBatch } from '../store/staged-rows';
import { isTabular, readRecords } from './read-file';
import { mapObject, mapRecord, problemRow, readHeader, type Header, type MappedRow } from './mapping';

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
    const fileName = basename(request.filePath);
    const tabular = isTabular(request.filePath);
    let header: Header | undefined;
    for await (const item of readRecords(request.filePath)) {
      let mapped: MappedRow;
      if (!item.ok) {
        if (tabular && !header) {
          throw new ImportFileError(
            `${fileName}: line ${item.problem.lineNo}: the header row cannot be read: ${item.problem.message}`,
          );
        }
        mapped = { ok: false, error: problemRow(item.problem) };
      } else if ('object' in item) {
        mapped = mapObject(item.object, request.wholesalerId);
      } else if (!header) {
        header = readHeader(fileName, item.record.fields);
        continue;
      } else if (item.record.fields.every((field) => field.trim() === '')) {
        // A blank line holds no row: nothing to import, nothing to report.
        continue;
      } else {
        mapped = mapRecord(header, item.record, request.wholesalerId);
      }
      if (mapped.ok) batch.staged.push(mapped.row);
      else batch.errors.push(mapped.error);
      batch.parsed++;
      if (batch.parsed >= request.batchRows) flush();
    }
    if (tabular && !header) throw new ImportFileError(`${fileName}: the file is empty (no header row)`);
    flush();
    return totals;
  } finally {
    db.close();
  }
}
