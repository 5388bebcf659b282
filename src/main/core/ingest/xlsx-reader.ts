import { basename } from 'node:path';
import { Worker, resourceLimits, type ResourceLimits } from 'node:worker_threads';
import type { CellValue } from 'exceljs';
import { ImportFileError, outOfMemoryError } from '../errors';
import { csvLine, type TabularItem } from './records';
import { ArchiveError, readArchiveDirectory, verifyArchiveEntries, type ArchiveDirectory } from './xlsx/archive-check';
import { cellText, EXCEL_LIMITS } from './xlsx/cells';
import { readingOrder, SHARED_STRINGS, type ReadingOrder } from './xlsx/reading-order';
import { readPlainSharedStrings } from './xlsx/shared-strings';
import sheetWorkerFile from './xlsx/sheet-worker.js?asset';

export { cellText, EXCEL_LIMITS } from './xlsx/cells';

/**
 * Cell values a batch from the sheet worker holds (about 500 rows of 8 columns; a row of Excel's
 * 16,384 columns comes alone), and how many batches it may read ahead.
 */
const BATCH_CELLS = 5000;
const BATCHES_AHEAD = 4;
/** The cells of a row the sheet worker sends: one past Excel's last column says there are more. */
const MAX_CELLS = EXCEL_LIMITS.columns + 1;

type SheetCell = CellValue | undefined;

/** What the sheet worker (`xlsx/sheet-worker.js`) posts; its header says more. */
type SheetMessage =
  { type: 'rows'; cells: SheetCell[] } | { type: 'done'; seen: string[] | null } | { type: 'failed'; message: string };

function archiveFailure(fileName: string, filePath: string, error: unknown): Error {
  if (error instanceof ArchiveError) return new ImportFileError(`${fileName}: ${error.message}`);
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
    return new ImportFileError(`${fileName}: file not found at ${filePath}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Starts the worker that runs exceljs over the sheet. It gets the heap limits of the thread that
 * reads the file (the ingest worker's), so that a workbook built to exhaust memory stops there too.
 */
function startSheetWorker(
  filePath: string,
  order: ReadingOrder,
  sheetName: string | undefined,
  limits: ResourceLimits,
): Worker {
  const { maxOldGenerationSizeMb, maxYoungGenerationSizeMb } = limits;
  return new Worker(sheetWorkerFile, {
    workerData: {
      xlsxSheet: true,
      filePath,
      ranges: order.ranges,
      sharedStringsAt: order.sharedStrings,
      sheetName,
      maxCells: MAX_CELLS,
      batchCells: BATCH_CELLS,
      batchesAhead: BATCHES_AHEAD,
    },
    resourceLimits: {
      ...(maxOldGenerationSizeMb ? { maxOldGenerationSizeMb } : {}),
      ...(maxYoungGenerationSizeMb ? { maxYoungGenerationSizeMb } : {}),
    },
  });
}

/** The sheet worker's own failure: running out of memory is the file's doing, as in `run-worker.ts`. */
function workerFailure(fileName: string, error: Error, limits: ResourceLimits): Error {
  return (
    outOfMemoryError(error, limits.maxOldGenerationSizeMb) ??
    new Error(`${fileName}: the XLSX reader failed (${error.message})`)
  );
}

/** Turns worksheet rows into records, checking their order and Excel's limits. */
class SheetRecords {
  private width = 0;
  private previous = 0;

  constructor(private readonly fileName: string) {}

  /** The rows of a batch of cells: row number, cell count, then the cells' values, row after row. */
  *items(cells: readonly SheetCell[]): Generator<TabularItem> {
    let at = 0;
    while (at < cells.length) {
      const rowNo = cells[at] as number;
      const cellCount = cells[at + 1] as number;
      const end = at + 2 + Math.min(cellCount, MAX_CELLS);
      const fields: string[] = [];
      for (let cell = at + 2; cell < end; cell++) fields.push(cellText(cells[cell]));
      yield this.item(rowNo, cellCount, fields);
      at = end;
    }
  }

  private item(rowNo: number, cellCount: number, fields: string[]): TabularItem {
    const { fileName } = this;
    if (!Number.isInteger(rowNo) || rowNo <= this.previous) {
      throw new ImportFileError(`${fileName}: the workbook is damaged (row ${rowNo} comes after row ${this.previous})`);
    }
    this.previous = rowNo;
    if (rowNo > EXCEL_LIMITS.rows) throw new ImportFileError(`${fileName}: row ${rowNo} is past Excel's last row`);
    // Excel leaves out trailing empty cells: a short row is padded to the header, and empty
    // cells past it are dropped, so only a real extra value makes a row ragged.
    while (fields.length > this.width && fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
    if (this.width === 0) this.width = fields.length;
    while (fields.length < this.width) fields.push('');

    const base = { rowNo, lineNo: rowNo, raw: csvLine(fields) };
    const tooLong = fields.findIndex((f) => f.length > EXCEL_LIMITS.cellChars);
    if (cellCount > EXCEL_LIMITS.columns) {
      return { ok: false, problem: { ...base, message: `more than Excel's ${EXCEL_LIMITS.columns} columns` } };
    }
    if (tooLong !== -1) {
      return {
        ok: false,
        problem: {
          ...base,
          message: `column ${tooLong + 1} holds more than Excel's ${EXCEL_LIMITS.cellChars} characters a cell`,
        },
      };
    }
    return { ok: true, record: { ...base, fields } };
  }
}

/**
 * Streams the rows of one worksheet (the first by default), with their Excel row numbers. The ZIP
 * directory is checked first. Then exceljs reads the sheet in a worker thread of its own, under
 * `limits` (by default this thread's), while here every entry is inflated to prove its size: an
 * entry larger than the directory says (a ZIP bomb) stops the worker and ends the read with that
 * error, even when rows have come out already.
 */
export async function* readXlsx(
  filePath: string,
  sheetName?: string,
  limits: ResourceLimits = resourceLimits,
): AsyncGenerator<TabularItem> {
  const fileName = basename(filePath);
  let directory: ArchiveDirectory;
  try {
    directory = await readArchiveDirectory(filePath);
  } catch (error) {
    throw archiveFailure(fileName, filePath, error);
  }

  // What the worker and the archive check have said so far, and the wake-up of the loop below.
  const state: {
    batches: SheetCell[][];
    end: Exclude<SheetMessage, { type: 'rows' }> | Error | null;
    archiveError: Error | null;
    wake: (() => void) | null;
  } = { batches: [], end: null, archiveError: null, wake: null };
  const wake = (): void => {
    state.wake?.();
    state.wake = null;
  };
  // Read through a call: the check fails while this generator awaits, which narrowing cannot see.
  const archiveError = (): Error | null => state.archiveError;
  const order = readingOrder(directory);
  const worker = startSheetWorker(filePath, order, sheetName, limits);
  const sharedStrings = directory.entries.find((entry) => entry.name === SHARED_STRINGS);
  if (order.sharedStrings !== null && sharedStrings) {
    // Read here while the worker loads exceljs: plain strings spare it parsing them, which it must
    // finish before the sheet's first row.
    void readPlainSharedStrings(filePath, sharedStrings)
      .catch(() => null)
      .then((strings) => {
        worker.postMessage({ sharedStrings: strings });
      });
  }
  const stop = new AbortController();
  const verified = verifyArchiveEntries(filePath, directory, stop.signal).catch((error: unknown) => {
    if (stop.signal.aborted) return;
    state.archiveError = archiveFailure(fileName, filePath, error);
    wake();
  });
  worker.on('message', (message: SheetMessage) => {
    if (message.type === 'rows') state.batches.push(message.cells);
    else state.end ??= message;
    wake();
  });
  worker.on('error', (error) => {
    state.end ??= workerFailure(fileName, error, limits);
    wake();
  });
  worker.on('exit', (code) => {
    state.end ??= new Error(`${fileName}: the XLSX reader stopped unexpectedly (exit code ${code})`);
    wake();
  });

  try {
    const records = new SheetRecords(fileName);
    for (;;) {
      const failed = archiveError();
      if (failed) throw failed;
      const cells = state.batches.shift();
      if (cells) {
        worker.postMessage('more');
        yield* records.items(cells);
        continue;
      }
      const { end } = state;
      if (end) {
        // An archive that fails its checks explains a read that failed, and fails one that did not.
        await verified;
        const error = archiveError();
        if (error) throw error;
        if (end instanceof Error) throw end;
        if (end.type === 'failed')
          throw new ImportFileError(`${fileName}: not a readable XLSX workbook (${end.message})`);
        if (end.seen) {
          throw new ImportFileError(
            sheetName
              ? `${fileName}: no worksheet named "${sheetName}" (found: ${end.seen.join(', ') || 'none'})`
              : `${fileName}: the workbook has no worksheet`,
          );
        }
        return;
      }
      await new Promise<void>((resolve) => (state.wake = resolve));
    }
  } finally {
    stop.abort();
    await worker.terminate();
  }
}
