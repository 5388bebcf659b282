import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { localDataStart, type ArchiveEntry } from './archive-check';

/**
 * A fast reading of a workbook's shared strings (`xl/sharedStrings.xml`) for the common case where
 * every string is plain text, giving exactly what exceljs's streaming reader caches for each `<si>`:
 * its text with the XML entities decoded, or null when it is empty. Anything else (rich text runs,
 * phonetic hints, comments, CDATA, line breaks written as CR, characters XML forbids, entities
 * other than the five XML defines, a namespace prefix, an encoding other than UTF-8) gives null
 * for the whole part, and exceljs reads it as before.
 */

/** The XML declaration, if any, and the root's start tag: groups 4, its attributes; 5, `/` if empty. */
const PROLOG =
  /^\uFEFF?(?:<\?xml\s+version\s*=\s*(["'])1\.0\1(?:\s+encoding\s*=\s*(["'])[Uu][Tt][Ff]-8\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>)?\s*<sst((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<&]*"|'[^'<&]*'))*)\s*(\/?)>/;
const ATTRIBUTE_NAME = /([A-Za-z_][\w.:-]*)\s*=/g;
/** Anything XML 1.0 forbids in text, CR (which XML rewrites) or `]]>`: left to exceljs's parser. */
const NOT_PLAIN = /[^\t\n -\uFFFD]|\]\]>/g;
const ENTITIES = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);
const SI_T = '<si><t';
const PRESERVE = ' xml:space="preserve"';
const CLOSE = '</t></si>';
const EMPTY_CLOSE = '/></si>';
const END = '</sst>';

function skipSpace(xml: string, at: number): number {
  let next = at;
  for (let code = xml.charCodeAt(next); code === 0x20 || code === 0x09 || code === 0x0a; code = xml.charCodeAt(next)) {
    next++;
  }
  return next;
}

/** The text with the five XML entities decoded; null when it holds another reference. */
function decode(text: string): string | null {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let decoded = '';
  let from = 0;
  while (amp !== -1) {
    const semicolon = text.indexOf(';', amp);
    const character = semicolon === -1 ? undefined : ENTITIES.get(text.slice(amp + 1, semicolon));
    if (character === undefined) return null;
    decoded += text.slice(from, amp) + character;
    from = semicolon + 1;
    amp = text.indexOf('&', from);
  }
  return decoded + text.slice(from);
}

/** The shared strings in order, or null when the part is not plain text throughout. */
export function plainSharedStrings(xml: string): (string | null)[] | null {
  const prolog = PROLOG.exec(xml);
  if (!prolog) return null;
  const names = [...(prolog[4] ?? '').matchAll(ATTRIBUTE_NAME)].map((match) => match[1]);
  if (new Set(names).size !== names.length) return null;
  let at = prolog[0].length;
  NOT_PLAIN.lastIndex = at;
  if (NOT_PLAIN.test(xml)) return null;
  const strings: (string | null)[] = [];
  if (prolog[5] !== '/') {
    for (at = skipSpace(xml, at); xml.startsWith(SI_T, at); at = skipSpace(xml, at)) {
      let tagEnd = at + SI_T.length;
      if (xml.startsWith(PRESERVE, tagEnd)) tagEnd += PRESERVE.length;
      if (xml.startsWith(EMPTY_CLOSE, tagEnd)) {
        strings.push(null);
        at = tagEnd + EMPTY_CLOSE.length;
        continue;
      }
      if (xml.charCodeAt(tagEnd) !== 0x3e) return null;
      const end = xml.indexOf('<', tagEnd + 1);
      if (end === -1 || !xml.startsWith(CLOSE, end)) return null;
      const text = decode(xml.slice(tagEnd + 1, end));
      if (text === null) return null;
      // exceljs caches null for an empty string: no text came between the tags.
      strings.push(text === '' ? null : text);
      at = end + CLOSE.length;
    }
    if (!xml.startsWith(END, at)) return null;
    at += END.length;
  }
  return skipSpace(xml, at) === xml.length ? strings : null;
}

/** The part's size up to which it is read here; exceljs streams a larger one, holding less at once. */
export const PLAIN_SHARED_STRINGS_BYTES = 32 * 1024 * 1024;

const inflate = promisify(inflateRaw);

/**
 * Reads and inflates the shared strings part (never past the size the ZIP directory declares), and
 * gives its strings when they are plain text; null when exceljs should read the part itself.
 */
export async function readPlainSharedStrings(filePath: string, entry: ArchiveEntry): Promise<(string | null)[] | null> {
  if (entry.decompressed > PLAIN_SHARED_STRINGS_BYTES || (entry.method !== 0 && entry.method !== 8)) return null;
  const handle = await open(filePath, 'r');
  try {
    const data = Buffer.alloc(entry.compressed);
    const { bytesRead } = await handle.read(data, 0, entry.compressed, await localDataStart(handle, entry));
    if (bytesRead !== entry.compressed) return null;
    const bytes =
      entry.method === 0
        ? data
        : await inflate(data, { maxOutputLength: Math.max(entry.decompressed, 1), chunkSize: 1024 * 1024 });
    if (bytes.length !== entry.decompressed) return null;
    return plainSharedStrings(new TextDecoder().decode(bytes));
  } catch {
    // A part that cannot be read here is left to exceljs, and to the archive check, which says why.
    return null;
  } finally {
    await handle.close();
  }
}
