import type { WorkbookArchive } from './archive';
import { ArchiveError } from './archive';
import { NUMBER_KIND, type NumberKind } from './number-format';
import type { SharedStrings } from './shared-strings';
import type { CellStyles } from './styles';
import { TextItem, unescapeXstring } from './strings';
import { EXCEL_LIMITS, isoCellText, numberCellText } from './values';
import { XmlPart } from './xml';

/**
 * The characters one row may hold in all (a catalog row holds a few thousand). Past it the row is
 * an error row and its further cells are not kept, so a row of 16,384 long cells cannot fill memory.
 */
export const ROW_CHARS = 4 * 1024 * 1024;
/**
 * The characters of text a sheet may hold in all: 1,000 a row over Excel's 1,048,576 rows. Shared
 * strings let a small file repeat a long text in every cell; this bounds what that can expand to.
 */
export const SHEET_CHARS = 1024 ** 3;

/** A worksheet row: its cells' text by column (`''` where there is none), or why it cannot be read. */
export interface SheetRow {
  rowNo: number;
  cells: string[];
  problem: string | null;
}

/** What a sheet's cells are read with. */
export interface SheetContext {
  strings: SharedStrings;
  styles: CellStyles;
  date1904: boolean;
  staleFormulas: boolean;
}

/** A column's letters (`AB`), from its 1-based number. */
export function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** The 1-based column of a cell reference (`AB12` -> 28), or null when it is none. */
function columnOf(reference: string): number | null {
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const code = reference.charCodeAt(i) & ~0x20;
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return i === 0 ? null : column;
}

/** The cell being read: its attributes, and what its elements held. */
interface Cell {
  column: number;
  type: string;
  kind: NumberKind;
  value: string | null;
  formula: boolean;
  inline: string | null;
}

const RECALCULATE = 'open and save the file in Excel or LibreOffice to store its results';
const NO_RESULT = `holds a formula with no stored result (the program that wrote the file did not calculate it); ${RECALCULATE}`;
const STALE_RESULT = `holds a formula whose stored result the file marks as stale (it asks to be recalculated when opened); ${RECALCULATE}`;

/** A cell's text, or a problem that names it. */
function cellText(cell: Cell, context: SheetContext): { text: string } | { problem: string } {
  const { value, type } = cell;
  if (cell.formula && context.staleFormulas) return { problem: STALE_RESULT };
  if (type === 'inlineStr' || (cell.inline !== null && value === null)) return { text: cell.inline ?? '' };
  // A formula's text result: POI leaves out `<v>` when that text is empty.
  if (type === 'str') return { text: unescapeXstring(value ?? '') };
  if (value === null) return cell.formula ? { problem: NO_RESULT } : { text: '' };
  if (value === '' && cell.formula) return { problem: NO_RESULT };
  switch (type) {
    case 's': {
      const text = context.strings.get(Number(value));
      return text === undefined
        ? { problem: `refers to shared string ${value}, which the workbook does not have` }
        : { text };
    }
    case 'b':
      if (value === '1' || value === 'true') return { text: 'true' };
      if (value === '0' || value === 'false') return { text: 'false' };
      return { problem: `is a boolean cell holding "${value.slice(0, 40)}"` };
    case 'e':
      return { text: value };
    case 'd': {
      const text = isoCellText(value, cell.kind);
      return text === null
        ? { problem: `is a date cell holding "${value.slice(0, 40)}", not an ISO 8601 date` }
        : { text };
    }
    default: {
      if (value.trim() === '') return { text: '' };
      const number = Number(value);
      return Number.isFinite(number)
        ? { text: numberCellText(number, cell.kind, context.date1904) }
        : { problem: `is a number cell holding "${value.slice(0, 40)}"` };
    }
  }
}

/**
 * Reads a worksheet part as it inflates: the rows each inflated chunk completes, in batches (one
 * promise a chunk rather than a row). Only values are read: a cell's style matters for its number
 * format alone, and formulas for whether they left a result.
 */
export async function* readSheetRows(
  archive: WorkbookArchive,
  part: string,
  context: SheetContext,
): AsyncGenerator<SheetRow[]> {
  const done: SheetRow[] = [];
  let row: SheetRow | null = null;
  let rowChars = 0;
  let sheetChars = 0;
  let previousRow = 0;
  let previousColumn = 0;
  let cell: Cell | null = null;
  let inValue = false;
  let value = '';
  let inline: TextItem | null = null;

  const fail = (problem: string): void => {
    if (row && row.problem === null) row.problem = problem;
  };
  // Past Excel's last column or the row's size, cells are no longer kept: the row is an error row.
  let rowFull = false;
  const endCell = (current: Cell, open: SheetRow): void => {
    const result = cellText(current, context);
    const where = `cell ${columnName(current.column)}${open.rowNo}`;
    if ('problem' in result) {
      fail(`${where} ${result.problem}`);
      return;
    }
    const { text } = result;
    if (text === '' || rowFull) return;
    if (current.column > EXCEL_LIMITS.columns) {
      rowFull = true;
      fail(`the row has cells past Excel's last column (${columnName(EXCEL_LIMITS.columns)})`);
      return;
    }
    rowChars += text.length;
    sheetChars += text.length;
    if (sheetChars > SHEET_CHARS) {
      throw new ArchiveError(
        `the sheet holds more than ${SHEET_CHARS.toLocaleString('en-US')} characters of text, more than an import takes`,
      );
    }
    if (rowChars > ROW_CHARS) {
      rowFull = true;
      fail(`the row holds more than ${ROW_CHARS / 1024 / 1024}M characters`);
      return;
    }
    if (text.length > EXCEL_LIMITS.cellChars) {
      fail(`${where} holds more than Excel's ${EXCEL_LIMITS.cellChars.toLocaleString('en-US')} characters a cell`);
    }
    while (open.cells.length < current.column - 1) open.cells.push('');
    open.cells.push(text);
  };

  const xml = new XmlPart(part, {
    open(name, attributes) {
      if (name === 'row') {
        const rowNo = attributes.r === undefined ? previousRow + 1 : Number(attributes.r);
        if (!Number.isInteger(rowNo) || rowNo <= previousRow) {
          throw new ArchiveError(`the workbook is damaged (row ${attributes.r ?? '?'} comes after row ${previousRow})`);
        }
        if (rowNo > EXCEL_LIMITS.rows) throw new ArchiveError(`row ${rowNo} is past Excel's last row`);
        row = { rowNo, cells: [], problem: null };
        previousRow = rowNo;
        previousColumn = 0;
        rowChars = 0;
        rowFull = false;
      } else if (name === 'c' && row) {
        const column = (attributes.r === undefined ? null : columnOf(attributes.r)) ?? previousColumn + 1;
        if (column <= previousColumn) {
          throw new ArchiveError(
            `the workbook is damaged (cell ${attributes.r ?? '?'} comes after column ${columnName(previousColumn)})`,
          );
        }
        previousColumn = column;
        const style = attributes.s === undefined ? 0 : Number(attributes.s);
        cell = {
          column,
          type: attributes.t ?? 'n',
          kind: context.styles[style] ?? NUMBER_KIND,
          value: null,
          formula: false,
          inline: null,
        };
      } else if (cell) {
        if (name === 'v') {
          inValue = true;
          value = '';
        } else if (name === 'f') cell.formula = true;
        else if (name === 'is') inline = new TextItem();
        else inline?.open(name);
      }
    },
    text(text) {
      if (inValue) value += text;
      else inline?.text(text);
    },
    close(name) {
      if (name === 'row' && row) {
        if (row.problem !== null || row.cells.length > 0) done.push(row);
        row = null;
      } else if (name === 'c' && cell && row) {
        endCell(cell, row);
        cell = null;
      } else if (name === 'v' && cell) {
        cell.value = value;
        inValue = false;
      } else if (name === 'is' && cell && inline) {
        cell.inline = inline.take();
        inline = null;
      } else inline?.close(name);
    },
  });
  for await (const chunk of archive.text(part)) {
    xml.write(chunk);
    if (done.length > 0) yield done.splice(0);
  }
  xml.end();
  if (done.length > 0) yield done.splice(0);
}
