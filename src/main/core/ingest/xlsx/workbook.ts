import { posix } from 'node:path';
import { ArchiveError, type WorkbookArchive } from './archive';
import { localName, parsePart } from './xml';

/** A worksheet as the workbook lists it. */
export interface SheetEntry {
  name: string;
  hidden: boolean;
  /** The ZIP part holding its cells, or null when it is not a worksheet (a chart sheet, a macro sheet). */
  part: string | null;
}

/** What the workbook part and its relationships say: where everything is, and how dates count. */
export interface WorkbookInfo {
  sheets: SheetEntry[];
  date1904: boolean;
  /**
   * The workbook asks to be recalculated when opened (`fullCalcOnLoad`): openpyxl and XlsxWriter
   * set it because they store no result, or 0, for every formula they write.
   */
  staleFormulas: boolean;
  sharedStrings: string | null;
  styles: string | null;
}

interface Relationship {
  type: string;
  target: string;
}

const DEFAULT_WORKBOOK = 'xl/workbook.xml';

/**
 * Relationships are matched on the end of their type, so that the transitional
 * (schemas.openxmlformats.org) and strict (purl.oclc.org) vocabularies both match.
 */
const isType = (relationship: Relationship, kind: string): boolean => relationship.type.endsWith(`/${kind}`);

/** Where a part's relationships are: `xl/workbook.xml` -> `xl/_rels/workbook.xml.rels`. */
function relationshipsPart(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/**
 * A relationship's target as a part name: absolute targets (`/xl/worksheets/sheet1.xml`, as openpyxl
 * writes) from the package root, relative ones from the source part's folder.
 */
function resolveTarget(source: string, target: string): string {
  const path = target.startsWith('/') ? target : posix.join(posix.dirname(source), target);
  return posix.normalize(path).replace(/^\/+/, '');
}

/** The relationships of a part, by id; none when the part has no relationships part. */
async function relationships(archive: WorkbookArchive, source: string): Promise<Map<string, Relationship>> {
  const part = relationshipsPart(source);
  const found = new Map<string, Relationship>();
  if (!archive.has(part)) return found;
  await parsePart(part, archive.text(part), {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
      const { Id, Type, Target } = attributes;
      if (Id && Type && Target) found.set(Id, { type: Type, target: resolveTarget(source, Target) });
    },
  });
  return found;
}

/** An attribute by its name without prefix (`r:id` is written with whatever prefix the writer chose). */
function prefixedAttribute(attributes: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(attributes)) if (key.includes(':') && localName(key) === name) return value;
  return undefined;
}

/** Reads where the workbook's sheets, shared strings and styles are, and its date system. */
export async function readWorkbook(archive: WorkbookArchive): Promise<WorkbookInfo> {
  const root = await relationships(archive, '');
  const workbookPart = [...root.values()].find((r) => isType(r, 'officeDocument'))?.target ?? DEFAULT_WORKBOOK;
  if (!archive.has(workbookPart)) throw new ArchiveError('not an XLSX workbook (it has no workbook part)');
  const related = await relationships(archive, workbookPart);

  const listed: { name: string; hidden: boolean; id: string | undefined }[] = [];
  let date1904 = false;
  let staleFormulas = false;
  const on = (value: string | undefined): boolean => value === '1' || value === 'true';
  await parsePart(workbookPart, archive.text(workbookPart), {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = on(attributes.date1904);
      if (name === 'calcPr') staleFormulas = on(attributes.fullCalcOnLoad);
      if (name !== 'sheet') return;
      const state = attributes.state ?? 'visible';
      listed.push({
        name: attributes.name ?? '',
        hidden: state !== 'visible',
        id: prefixedAttribute(attributes, 'id'),
      });
    },
  });

  const sheets = listed.map(({ name, hidden, id }, index): SheetEntry => {
    const relationship = id === undefined ? undefined : related.get(id);
    if (relationship) return { name, hidden, part: isType(relationship, 'worksheet') ? relationship.target : null };
    // Without relationships, the part Excel would have written for this place in the list.
    const guess = `xl/worksheets/sheet${index + 1}.xml`;
    return { name, hidden, part: archive.has(guess) ? guess : null };
  });
  const partOf = (kind: string, fallback: string): string | null => {
    const target = [...related.values()].find((r) => isType(r, kind))?.target;
    if (target !== undefined) return archive.has(target) ? target : null;
    return archive.has(fallback) ? fallback : null;
  };
  return {
    sheets,
    date1904,
    staleFormulas,
    sharedStrings: partOf('sharedStrings', 'xl/sharedStrings.xml'),
    styles: partOf('styles', 'xl/styles.xml'),
  };
}

/**
 * The worksheet to read: the one named (exactly, else ignoring case as Excel does), or the first
 * visible worksheet. Throws a message that names what the workbook has.
 */
export function pickSheet(info: WorkbookInfo, wanted: string | undefined): SheetEntry & { part: string } {
  const names = info.sheets.map((s) => s.name);
  if (wanted !== undefined) {
    const sheet =
      info.sheets.find((s) => s.name === wanted) ??
      info.sheets.find((s) => s.name.toLowerCase() === wanted.toLowerCase());
    if (!sheet) throw new ArchiveError(`no worksheet named "${wanted}" (found: ${names.join(', ') || 'none'})`);
    if (sheet.part === null) throw new ArchiveError(`"${sheet.name}" is not a worksheet (a chart or macro sheet)`);
    return { ...sheet, part: sheet.part };
  }
  const sheet = info.sheets.find((s) => !s.hidden && s.part !== null) ?? info.sheets.find((s) => s.part !== null);
  if (!sheet?.part) throw new ArchiveError('the workbook has no worksheet');
  return { ...sheet, part: sheet.part };
}
