import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp';
import { escapeXml, MAIN, sheetXml, workbookEntries } from '../support/workbook';
import { readAll } from '../support/xlsx';
import { writeZip } from '../support/zip';

/** Characters of 2, 3 and 4 bytes in UTF-8, a ZWJ sequence and the XML escapes, to cut anywhere. */
const PIECES = ['é', 'ß', 'Ж', '商', '品', '€', '😀', '𠜎', '👩‍👩‍👧', '&', '<', '"', 'a'];
const text = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }).map((pieces) => pieces.join(''));

/** Where chunks are cut: zlib's 16 KiB of output, 64 KiB file reads, the XML parser's 64 Ki-character slices. */
const BOUNDARIES = [16 * 1024, 32 * 1024, 64 * 1024, 128 * 1024];
/** Filler cells stay under Excel's 32,767 characters a cell. */
const FILLER = 30_000;

/**
 * A workbook whose last text item (an inline cell, or a shared string) starts `before` bytes
 * ahead of `boundary` in its part's bytes, after filler items, so that its characters straddle
 * the cut.
 */
function placed(boundary: number, before: number, value: string, inline: boolean, stored: boolean): string {
  const open = (n: number): string =>
    inline ? `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t xml:space="preserve">` : '<si><t xml:space="preserve">';
  const close = inline ? '</t></is></c></row>' : '</t></si>';
  let xml = inline ? `<worksheet xmlns="${MAIN}"><sheetData>` : `<sst xmlns="${MAIN}">`;
  let n = 1;
  const room = (): number =>
    boundary - before - Buffer.byteLength(xml) - open(n).length - close.length - open(n + 1).length;
  while (room() > FILLER) xml += `${open(n++)}${'p'.repeat(FILLER)}${close}`;
  xml += `${open(n++)}${'p'.repeat(Math.max(1, room()))}${close}${open(n)}${escapeXml(value)}${close}`;
  const sheet = inline
    ? `${xml}</sheetData></worksheet>`
    : sheetXml(`<row r="1"><c r="A1" t="s"><v>${n - 1}</v></c></row>`);
  const file = join(tempDir(), 'boundary.xlsx');
  const entries = workbookEntries({ sheets: [sheet], ...(!inline && { sharedStrings: `${xml}</sst>` }) });
  writeZip(
    file,
    entries.map((entry) => ({ ...entry, stored })),
  );
  return file;
}

describe('no character is changed at a chunk boundary', () => {
  it('reads random multi-byte text at every offset around 16 to 128 KiB, inline and shared, deflated and stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BOUNDARIES),
        fc.integer({ min: 0, max: 12 }),
        text,
        fc.boolean(),
        fc.boolean(),
        async (boundary, before, value, inline, stored) => {
          const items = await readAll(placed(boundary, before, value, inline, stored));
          const last = items.at(-1);
          expect(last?.ok && last.record.fields[0]).toBe(value);
        },
      ),
      { numRuns: 200 },
    );
  });
});
