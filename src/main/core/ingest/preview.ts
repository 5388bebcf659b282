import { basename } from 'node:path';
import type { DecimalReading, FilePreview, RowError } from '../../../preload/contract';
import { ImportFileError } from '../errors';
import type { JobProfile } from '../sources/profile';
import { repeatedEntityError, type StagingRow } from '../store/staged-rows';
import { ENTITY_CODE } from './keys';
import { chosenFormat, detectCsvFormat } from './csv/detect';
import { mapFile } from './map-file';
import type { Header } from './mapping';
import { fileFormat } from './read-file';

export const PREVIEW_ROWS = 50;

/**
 * The text a preview's rows and errors may hold, as JSON: it crosses to the page and is drawn
 * there, so a workbook of 30,000-character cells shows a few rows rather than 50 times that.
 */
export const PREVIEW_TEXT_CHARS = 1024 * 1024;

export type WorkerPreview = Omit<FilePreview, 'earlierImport'>;

/** A preview of a file with nothing read yet: what a preview stopped before its end still says. */
export function blankPreview(filePath: string, profile: JobProfile, problem: string | null = null): WorkerPreview {
  const format = fileFormat(filePath);
  return {
    filePath,
    fileName: basename(filePath),
    format,
    encoding: null,
    delimiter: null,
    sheet: format === 'xlsx' ? profile.sheet : null,
    decimal: null,
    header: [],
    columns: [],
    unmapped: [],
    rows: [],
    errors: [],
    shortened: null,
    problem,
  };
}

const shortenedNote = (shown: number): string =>
  `The preview shows ${shown === 0 ? 'no rows: the first one alone passes' : `only the first ${shown} rows: the next one would take it past`} the ${PREVIEW_TEXT_CHARS.toLocaleString('en-US')} characters of rows a preview holds`;

/**
 * Reads the first rows of a file the way a job would, without staging anything: the format
 * found, how each column maps, the documents the rows become and the errors among them.
 */
export async function previewFile(filePath: string, profile: JobProfile): Promise<WorkerPreview> {
  const preview = blankPreview(filePath, profile);
  // The columns are known even when their mapping is refused: they are what the user maps next.
  const onColumns = (columns: string[]): void => {
    preview.header = columns;
  };
  const onDecimal = (reading: DecimalReading): void => {
    preview.decimal = reading;
  };
  const onHeader = (header: Header): void => {
    preview.columns = header.mapped.map(({ column, field, type, required, by, note }) => ({
      column,
      field,
      type,
      required,
      by,
      note,
    }));
    preview.unmapped = header.unmapped;
  };
  // The same repeat rule staging applies, over the rows shown.
  const firstRow = new Map<string, number>();
  const repeated = (row: StagingRow): RowError | null => {
    const earlier = firstRow.get(row.entityCode);
    if (earlier === undefined) {
      firstRow.set(row.entityCode, row.rowNo);
      return null;
    }
    if (profile.duplicates === 'last_wins') return null;
    const keyColumn = preview.columns.find((c) => c.field === ENTITY_CODE)?.column ?? ENTITY_CODE;
    return repeatedEntityError(row, earlier, keyColumn);
  };
  try {
    if (preview.format === 'csv') {
      const chosen = chosenFormat(await detectCsvFormat(filePath), profile);
      preview.encoding = chosen.encoding;
      preview.delimiter = chosen.delimiter;
    }
    let seen = 0;
    let chars = 0;
    for await (const mapped of mapFile(filePath, profile, { onHeader, onColumns, onDecimal })) {
      const error = mapped.ok ? repeated(mapped.row) : mapped.error;
      const row = mapped.ok && error === null ? mapped.row : null;
      chars += row ? row.json.length : JSON.stringify(error).length;
      if (chars > PREVIEW_TEXT_CHARS) {
        preview.shortened = shortenedNote(seen);
        break;
      }
      if (row) preview.rows.push({ rowNo: row.rowNo, document: JSON.parse(row.json) as Record<string, unknown> });
      else if (error) preview.errors.push(error);
      if (++seen >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    preview.problem = error.message;
  }
  return preview;
}
