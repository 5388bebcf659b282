import { basename } from 'node:path';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import { openDatabase } from '../store/database';
import { resetStaging } from '../store/jobs';
import { stageBatch, type StageBatch } from '../store/staged-rows';
import { ENTITY_CODE } from './keys';
import { mapFile } from './map-file';
import type { Header } from './mapping';

export interface StageRequest {
  jobId: string;
  dbPath: string;
  filePath: string;
  profile: JobProfile;
  batchRows: number;
}

export interface StageTotals {
  rowsParsed: number;
  rowsStaged: number;
  rowsFailed: number;
  /** Under the split policy, the row numbers where parts 2, 3, ... begin. */
  partStarts: number[];
}

/** The message of a job stopped by the reject policy: the count, the limit, and what to change. */
export function oversizeMessage(fileName: string, profile: JobProfile): string {
  const limit = profile.limits.maxBatchSize.toLocaleString('en-US');
  return (
    `${fileName}: more than ${limit} rows, the most source "${profile.name}" accepts in one file (max_batch_size ${limit}, oversize policy reject); ` +
    'nothing was queued. Raise max_batch_size in the source (or IMPORT_MAX_BATCH_SIZE), set its oversize policy to split or accept, or send a smaller file.'
  );
}

/**
 * Parses, maps and validates a file and stages its rows in SQLite, a transaction per batch.
 * Starts from a clean slate, so a parse interrupted by a crash is simply run again.
 */
export async function stageFile(
  request: StageRequest,
  onProgress: (totals: StageTotals) => void,
): Promise<StageTotals> {
  const { profile } = request;
  const { maxBatchSize, oversize } = profile.limits;
  const db = openDatabase(request.dbPath);
  const totals: StageTotals = { rowsParsed: 0, rowsStaged: 0, rowsFailed: 0, partStarts: [] };
  let batch: StageBatch = { staged: [], errors: [], parsed: 0 };
  let keyColumn = ENTITY_CODE;
  const flush = (): void => {
    stageBatch(db, request.jobId, batch, { duplicates: profile.duplicates, keyColumn });
    totals.rowsParsed += batch.parsed;
    totals.rowsStaged += batch.staged.length;
    totals.rowsFailed += batch.errors.length;
    batch = { staged: [], errors: [], parsed: 0 };
    onProgress({ ...totals, partStarts: [...totals.partStarts] });
  };

  try {
    resetStaging(db, request.jobId);
    let rows = 0;
    const onHeader = (header: Header): void => {
      keyColumn = header.mapped[header.entitySlot]?.column ?? ENTITY_CODE;
    };
    for await (const mapped of mapFile(request.filePath, profile, onHeader)) {
      if (rows > 0 && rows % maxBatchSize === 0 && oversize !== 'accept') {
        if (oversize === 'reject') throw new ImportFileError(oversizeMessage(basename(request.filePath), profile));
        totals.partStarts.push(mapped.ok ? mapped.row.rowNo : (mapped.error.rowNo ?? 0));
      }
      rows++;
      if (mapped.ok) batch.staged.push(mapped.row);
      else batch.errors.push(mapped.error);
      batch.parsed++;
      if (batch.parsed >= request.batchRows) flush();
    }
    flush();
    return totals;
  } finally {
    db.close();
  }
}
