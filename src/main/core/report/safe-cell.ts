/**
 * Characters that make a spreadsheet read a cell as a formula (or, after a tab or carriage
 * return, a formula in the next cell): OWASP's list for CSV injection.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's text made safe to open in Excel or LibreOffice: text that a spreadsheet would run as
 * a formula gets a leading apostrophe, which both show as text and leave out of the value.
 */
export function safeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A cell as it was before safeCell: an exported report, fixed and imported again, gives its
 * values back (a price of -5 stays a number). Text of that shape in any file is taken the same way.
 */
export function restoreCell(text: string): string {
  return text.charCodeAt(0) === 39 && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** The columns an error report adds after the file's own: ignored when the report comes back. */
export const REPORT_COLUMNS = ['error_stage', 'error_column', 'error_message'] as const;

export const isReportColumn = (column: string): boolean => (REPORT_COLUMNS as readonly string[]).includes(column);
