/** One row of a source file, whatever its format, as text cells. */
export interface SourceRecord {
  fields: string[];
  /** 1-based record number, the header being row 1: the row a spreadsheet shows. */
  rowNo: number;
  /** 1-based line where the record starts: what a text editor shows (the row, for XLSX). */
  lineNo: number;
  /** The record as written in the file (for XLSX, its cells as a CSV line). */
  raw: string;
}

/** A record that cannot be read; the records around it still can. */
export interface RecordProblem {
  rowNo: number;
  lineNo: number;
  raw: string;
  message: string;
}

/** One item of a JSON source: an object whose fields become the document as they are. */
export interface ObjectRecord {
  value: Record<string, unknown>;
  /** 1-based item number. */
  rowNo: number;
  /** The line where the item starts (NDJSON), or its item number. */
  lineNo: number;
  raw: string;
}

export type TabularItem = { ok: true; record: SourceRecord } | { ok: false; problem: RecordProblem };
export type ObjectItem = { ok: true; object: ObjectRecord } | { ok: false; problem: RecordProblem };
export type RecordItem = TabularItem | ObjectItem;

/** Cells as one CSV line, quoted where needed: how a record that is not CSV text is shown. */
export function csvLine(fields: readonly string[], delimiter = ','): string {
  return fields
    .map((f) => (f.includes(delimiter) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f))
    .join(delimiter);
}
