import type { ArchiveDirectory } from './archive-check';

/** The entries exceljs's streaming reader takes for worksheets (its own test, unanchored). */
const WORKSHEET = /xl\/worksheets\/sheet\d+[.]xml/;
/** The shared strings part, by the name exceljs looks for. */
export const SHARED_STRINGS = 'xl/sharedStrings.xml';

export interface ReadingOrder {
  /** Byte ranges, [start, end), of the file, in the order to read them. */
  ranges: [number, number][];
  /** Which range is the shared strings part (last before the worksheets), null without exactly one. */
  sharedStrings: number | null;
}

/**
 * The byte ranges ([start, end)) of a workbook's ZIP entries in the order exceljs should meet
 * them: every other entry first, worksheets last, each group in file order, then the rest of the
 * file from the central directory on (`end` Infinity).
 *
 * exceljs reads a ZIP file front to back, and a worksheet it meets before the shared strings
 * (which Excel and exceljs both write after the sheets) is inflated whole to a temporary file and
 * parsed only once the archive ends: no row comes out until then. Streamed in this order, rows come
 * out as the sheet inflates. Each range runs to the next entry's start, so it holds the entry's
 * data descriptor, if any; the archive check proves the entries lie back to back.
 */
export function readingOrder({ entries, directoryOffset }: ArchiveDirectory): ReadingOrder {
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  const rank = (name: string): number => (WORKSHEET.test(name) ? 2 : name === SHARED_STRINGS ? 1 : 0);
  const ranges = ordered
    .map((entry, i) => ({
      rank: rank(entry.name),
      range: [entry.localOffset, Math.max(entry.localOffset, ordered[i + 1]?.localOffset ?? directoryOffset)] as [
        number,
        number,
      ],
    }))
    // A stable sort: each group keeps the file's order.
    .sort((a, b) => a.rank - b.rank);
  const sharedStrings = ranges.filter((r) => r.rank === 1).length === 1 ? ranges.findIndex((r) => r.rank === 1) : null;
  return { ranges: [...ranges.map((r) => r.range), [directoryOffset, Infinity]], sharedStrings };
}
