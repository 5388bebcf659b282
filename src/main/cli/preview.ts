import type { FilePreview } from '../../preload/contract';
import { describeRowError } from './summary';

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
const ROWS_SHOWN = 5;

/** A preview as a catalog manager reads it in a terminal: format, mapping, a few rows, every error. */
export function formatPreview(p: FilePreview): string {
  const format = [
    p.format.toUpperCase(),
    p.encoding,
    p.delimiter && `${DELIMITER_NAMES[p.delimiter] ?? p.delimiter}-separated`,
    p.sheet && `sheet ${p.sheet}`,
  ]
    .filter(Boolean)
    .join(', ');
  const lines = [`${p.fileName}: ${format}`];
  if (p.earlierImport) {
    lines.push(
      `  ! This file was already imported for this source: job ${p.earlierImport.id} on ${p.earlierImport.createdAt} (${p.earlierImport.state}).`,
    );
  }
  if (p.problem) {
    lines.push(`  Cannot be imported: ${p.problem}`);
    return lines.join('\n');
  }
  if (p.decimal) lines.push(`  Decimal separator '${p.decimal.separator}': ${p.decimal.note}`);
  if (p.columns.length > 0) {
    lines.push('  Columns:');
    for (const c of p.columns) {
      const how = c.by === 'rule' ? 'source rule' : c.by === 'synonym' ? 'recognised name' : 'own name';
      lines.push(
        `    ${c.column} -> ${c.field} (${c.type}${c.required ? ', required' : ''}; ${how})${c.note ? ` ${c.note}` : ''}`,
      );
    }
    for (const column of p.unmapped) lines.push(`    ${column} -> left out`);
  }
  lines.push(
    `  First ${p.rows.length + p.errors.length} rows: ${p.rows.length} map cleanly, ${p.errors.length} have errors`,
  );
  if (p.shortened) lines.push(`  ${p.shortened}.`);
  for (const row of p.rows.slice(0, ROWS_SHOWN)) lines.push(`    row ${row.rowNo}: ${JSON.stringify(row.document)}`);
  for (const error of p.errors) lines.push(`    ${describeRowError(error)}`);
  return lines.join('\n');
}
