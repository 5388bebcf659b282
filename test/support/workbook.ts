import type { ZipEntry } from './zip';

export const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The XML of a worksheet whose rows are given as `<row>` elements. */
export const sheetXml = (rows: string): string =>
  `<worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData></worksheet>`;

/** The XML of a shared strings table of plain strings. */
export const sharedStringsXml = (strings: readonly string[]): string =>
  `<sst xmlns="${MAIN}">${strings.map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('')}</sst>`;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A styles part whose cell style i has the number format `formats[i]` (style 0 is General). */
export function stylesXml(formats: readonly string[]): string {
  const codes = formats.map((code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${escapeXml(code)}"/>`).join('');
  const xfs = formats.map((_, i) => `<xf numFmtId="${164 + i}" applyNumberFormat="1"/>`).join('');
  return (
    `<styleSheet xmlns="${MAIN}"><numFmts count="${formats.length}">${codes}</numFmts>` +
    `<cellXfs count="${formats.length + 1}"><xf numFmtId="0"/>${xfs}</cellXfs></styleSheet>`
  );
}

export interface WorkbookParts {
  /** The worksheets' XML, in order, named Sheet1, Sheet2… unless `names` says otherwise. */
  sheets: string[];
  names?: string[];
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
}

/**
 * The parts of a small workbook written by hand, sheet parts first (as some writers store them),
 * with relative relationship targets.
 */
export function workbookEntries({ sheets, names, sharedStrings, styles, date1904 }: WorkbookParts): ZipEntry[] {
  const entries: [string, string][] = sheets.map((xml, i) => [`xl/worksheets/sheet${i + 1}.xml`, xml]);
  const rels = sheets.map(
    (_, i) => `<Relationship Id="rId${i + 1}" Type="${OFFICE}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  if (sharedStrings !== undefined) {
    entries.push(['xl/sharedStrings.xml', sharedStrings]);
    rels.push(`<Relationship Id="rSst" Type="${OFFICE}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (styles !== undefined) {
    entries.push(['xl/styles.xml', styles]);
    rels.push(`<Relationship Id="rSty" Type="${OFFICE}/styles" Target="styles.xml"/>`);
  }
  const sheetList = sheets
    .map((_, i) => `<sheet name="${escapeXml(names?.[i] ?? `Sheet${i + 1}`)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  entries.push(
    [
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${OFFICE}">${date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheetList}</sheets></workbook>`,
    ],
    ['xl/_rels/workbook.xml.rels', `<Relationships xmlns="${RELS}">${rels.join('')}</Relationships>`],
    [
      '_rels/.rels',
      `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
  );
  return entries.map(([name, xml]) => ({ name, data: Buffer.from(xml) }));
}
