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
 * Reads the first rows of a file the way a job would, without staging anything: the format
 * found, how each column maps, the documents the rows become and the errors among them.
 */
export async function previewFile(filePath: string, profile: JobProfile): Promise<Omit<FilePreview, 'earlierImport'>> {
  const format = fileFormat(filePath);
  const preview: Omit<FilePreview, 'earlierImport'> = {
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
    problem: null,
  };
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
    if (format === 'csv') {
      const chosen = chosenFormat(await detectCsvFormat(filePath), profile);
      preview.encoding = chosen.encoding;
      preview.delimiter = chosen.delimiter;
    }
    let seen = 0;
    for await (const mapped of mapFile(filePath, profile, { onHeader, onColumns, onDecimal })) {
      if (mapped.ok) {
        const repeat = repeated(mapped.row);
        if (repeat) preview.errors.push(repeat);
        else
          preview.rows.push({
            rowNo: mapped.row.rowNo,
            document: JSON.parse(mapped.row.json) as Record<string, unknown>,
          });
      } else preview.errors.push(mapped.error);
      if (++seen >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    preview.problem = error.message;
  }
  return preview;
}
