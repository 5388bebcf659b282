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

export type RecordItem = { ok: true; record: SourceRecord } | { ok: false; problem: RecordProblem };

/** Cells as one CSV line, quoted where needed: how a record that is not CSV text is shown. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}
