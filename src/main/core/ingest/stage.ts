import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { EnvelopeFields } from '../batches/metadata';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import { openDatabase } from '../store/database';
import { applyEnvelope, setHeader } from '../store/batches';
import { whileBusy } from '../store/busy';
import { finishBatch, resetStaging, setJobAlert, startBatchPart } from '../store/jobs';
import { stageBatch, type StageBatch } from '../store/staged-rows';
import { ENTITY_CODE } from './keys';
import { mapFile } from './map-file';
import type { Header } from './mapping';

/** Characters of rows a batch may hold before it is written, whatever its row count. */
const BATCH_CHARS = 16 * 1024 * 1024;

export interface StageRequest {
  jobId: string;
  dbPath: string;
  filePath: string;
  profile: JobProfile;
  batchRows: number;
  /** The CSV reading thread's entry (`reader-thread.ts`, bundled), so reading runs beside staging. */
  readerThread: string | null;
}

export interface StageTotals {
  rowsParsed: number;
  rowsStaged: number;
  rowsFailed: number;
  /** Batch parts the file was split into under the split policy (1: not split). */
  parts: number;
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
  const totals: StageTotals = { rowsParsed: 0, rowsStaged: 0, rowsFailed: 0, parts: 1 };
  let batch: StageBatch = { staged: [], errors: [], parsed: 0 };
  // What the batch holds, so that a batch of huge rows is written before it fills the heap.
  let batchChars = 0;
  let keyColumn = ENTITY_CODE;
  let batchId: string | null = null;
  // Rows go to the file's own job, or under the split policy to the batch part being filled.
  let partJobId = request.jobId;
  const flush = async (): Promise<void> => {
    // Another process holding the queue past the busy timeout delays the batch; it fails nothing.
    await whileBusy(() => {
      stageBatch(db, partJobId, request.jobId, batch, { duplicates: profile.duplicates, keyColumn });
    });
    totals.rowsParsed += batch.parsed;
    totals.rowsStaged += batch.staged.length;
    totals.rowsFailed += batch.errors.length;
    batch = { staged: [], errors: [], parsed: 0 };
    batchChars = 0;
    onProgress({ ...totals });
  };

  try {
    resetStaging(db, request.jobId);
    let rows = 0;
    const onHeader = (header: Header): void => {
      keyColumn = header.mapped[header.entitySlot]?.column ?? ENTITY_CODE;
      setHeader(db, request.jobId, header.columns);
    };
    const onEnvelope = (fields: EnvelopeFields): void => {
      const problem = applyEnvelope(db, request.jobId, fields);
      if (problem) setJobAlert(db, request.jobId, problem);
    };
    for await (const mapped of mapFile(request.filePath, profile, { onHeader, onEnvelope }, request.readerThread)) {
      if (rows > 0 && rows % maxBatchSize === 0 && oversize !== 'accept') {
        if (oversize === 'reject') throw new ImportFileError(oversizeMessage(basename(request.filePath), profile));
        await flush();
        batchId ??= randomUUID();
        partJobId = startBatchPart(db, request.jobId, batchId, ++totals.parts);
      }
      rows++;
      if (mapped.ok) {
        batch.staged.push(mapped.row);
        batchChars += mapped.row.json.length + mapped.row.raw.length;
      } else {
        batch.errors.push(mapped.error);
        batchChars += mapped.error.raw?.length ?? 0;
      }
      batch.parsed++;
      if (batch.parsed >= request.batchRows || batchChars >= BATCH_CHARS) await flush();
    }
    await flush();
    if (batchId) finishBatch(db, request.jobId);
    return totals;
  } finally {
    db.close();
  }
}
