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
