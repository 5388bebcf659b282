'use strict';
/**
 * Worker-thread entry that reads one worksheet with exceljs and posts its cells' values in batches,
 * so that exceljs's parse runs on another core than the mapping, hashing and SQLite writes of the
 * thread that stages the rows (`xlsx-reader.ts`, which decides what every value means).
 *
 * Plain CommonJS, kept small, because it ships as it is: electron-vite bundles the ingest worker
 * on its own, and imports inside that bundle cannot make another worker entry, so `xlsx-reader.ts`
 * imports this file with `?asset`, which copies it beside the bundle. CommonJS, as the bundles
 * are, so that it loads from the packaged app the way they do.
 *
 * workerData: {xlsxSheet: true, filePath, ranges, sharedStringsAt, sheetName, maxCells, batchCells,
 * batchesAhead}; `ranges` are the byte ranges ([start, end)) of the ZIP entries in the order to read
 * them, `sharedStringsAt` the index of the shared strings part among them (or null): for that part
 * the reader posts {sharedStrings}, the strings it read itself, or null for exceljs to read them.
 * Posts {type: 'rows', cells} where `cells` holds, row after row, the row number, its cell count,
 * then the values of its first min(cell count, maxCells) cells (undefined for a missing cell), and
 * is sent once it holds `batchCells` values or more, so that wide rows come in smaller batches;
 * then {type: 'done', seen}, `seen` naming the sheets passed over when the wanted one is missing
 * (else null); or {type: 'failed', message}. It posts at most `batchesAhead` batches the reader has
 * not taken: each message the reader posts back grants one more.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file, copied as it is */
const { createReadStream } = require('node:fs');
const { Readable } = require('node:stream');
const { parentPort, workerData } = require('node:worker_threads');

/**
 * The file's bytes, range after range; at the shared strings part, the strings the reader sends
 * instead, when it sends them (`useStrings` hands them to exceljs).
 */
async function* rangesOf(request, sharedStrings, useStrings) {
  for (const [i, [start, end]] of request.ranges.entries()) {
    if (i === request.sharedStringsAt) {
      const strings = await sharedStrings;
      if (strings) {
        useStrings(strings);
        continue;
      }
    }
    if (end > start) yield* createReadStream(request.filePath, { start, end: end - 1 });
  }
}

async function postRows(port, request) {
  // The streaming reader alone: all of exceljs takes twice as long to load. exceljs is pinned.
  const WorkbookReader = require('exceljs/lib/stream/xlsx/workbook-reader.js');
  let credits = request.batchesAhead;
  let granted = null;
  let sharedStringsRead = null;
  const sharedStrings = new Promise((resolve) => (sharedStringsRead = resolve));
  port.on('message', (message) => {
    if (typeof message === 'object' && message !== null && 'sharedStrings' in message) {
      sharedStringsRead(message.sharedStrings);
      return;
    }
    credits++;
    if (granted) granted();
    granted = null;
  });
  const send = async (cells) => {
    if (credits === 0) await new Promise((resolve) => (granted = resolve));
    credits--;
    port.postMessage({ type: 'rows', cells });
  };

  // exceljs parses a sheet as it streams once it holds the shared strings: what its own parse of
  // the part would have left in `sharedStrings` (exceljs 4.4, pinned).
  const useStrings = (strings) => (workbook.sharedStrings = strings);
  const input = Readable.from(rangesOf(request, sharedStrings, useStrings), { objectMode: false });
  const workbook = new WorkbookReader(input, {
    sharedStrings: 'cache',
    // Styles hold the number formats that tell a date from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  const seen = [];
  for await (const sheet of workbook) {
    const name = sheet.name ?? `Sheet${seen.length + 1}`;
    seen.push(name);
    const wanted = request.sheetName ?? workbook.model?.sheets?.[0]?.name ?? name;
    if (name !== wanted) continue;
    let cells = [];
    for await (const row of sheet) {
      const count = Math.min(row.cellCount, request.maxCells);
      cells.push(row.number, row.cellCount);
      // findCell, unlike getCell, does not create the cells a row leaves out.
      for (let column = 1; column <= count; column++) cells.push(row.findCell(column)?.value);
      if (cells.length >= request.batchCells) {
        await send(cells);
        cells = [];
      }
    }
    if (cells.length > 0) await send(cells);
    port.postMessage({ type: 'done', seen: null });
    return;
  }
  port.postMessage({ type: 'done', seen });
}

if (parentPort && workerData?.xlsxSheet === true) {
  const port = parentPort;
  postRows(port, workerData).catch((error) => {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
}

/** This file's path: what the `?asset` import gives when the sources run unbundled (tsx, vitest). */
module.exports = __filename;
