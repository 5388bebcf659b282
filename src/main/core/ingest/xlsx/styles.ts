import type { WorkbookArchive } from './archive';
import { numberKind, type NumberKind } from './number-format';
import { parsePart } from './xml';

/** Each cell style's number kind, by the style index cells carry in `s`; style 0 when a cell has none. */
export type CellStyles = readonly NumberKind[];

/**
 * Reads the number format of every cell style (`cellXfs`), the one thing of styles that decides
 * a value: whether a number is a date, a time, a duration or a zero-padded code.
 */
export async function readStyles(archive: WorkbookArchive, part: string | null): Promise<CellStyles> {
  if (part === null) return [];
  const codes = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  await parsePart(part, archive.text(part), {
    open(name, attributes) {
      if (name === 'numFmt' && attributes.numFmtId !== undefined && attributes.formatCode !== undefined) {
        codes.set(Number(attributes.numFmtId), attributes.formatCode);
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) formatIds.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formatIds.map((id) => numberKind(id, codes));
}
