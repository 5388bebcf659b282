import type { ColumnRule, FilePreview } from '../../../../preload/contract';

/**
 * The mapping a preview shows, as one rule per header column: what the user edits. A column
 * left out has no field.
 */
export function rulesFromPreview(preview: FilePreview): ColumnRule[] {
  const mapped = new Map(preview.columns.map((c) => [c.column, c]));
  return preview.header.map((column) => {
    const plan = mapped.get(column);
    return plan
      ? { column, field: plan.field, type: plan.type, required: plan.required }
      : { column, field: null, type: 'string', required: false };
  });
}

/** The rules with one column's rule changed; a field emptied leaves the column out. */
export function changeRule(rules: readonly ColumnRule[], column: string, change: Partial<ColumnRule>): ColumnRule[] {
  return rules.map((rule) => {
    if (rule.column !== column) return rule;
    const next = { ...rule, ...change };
    return next.field?.trim() === '' ? { ...next, field: null } : next;
  });
}

export const sameRule = (a: ColumnRule, b: ColumnRule): boolean =>
  a.column === b.column && a.field === b.field && a.type === b.type && a.required === b.required;

/** The format as a catalog manager names it: "CSV · UTF-8 · semicolon-separated". */
export function formatSummary(preview: FilePreview): string {
  const delimiters: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
  return [
    preview.format.toUpperCase(),
    preview.encoding?.toUpperCase(),
    preview.delimiter && `${delimiters[preview.delimiter] ?? preview.delimiter}-separated`,
    preview.sheet && `sheet “${preview.sheet}”`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The top-level fields of the documents shown, in the order they first appear. */
export function documentFields(rows: FilePreview['rows']): string[] {
  const fields = new Set<string>();
  for (const row of rows) for (const field of Object.keys(row.document)) fields.add(field);
  return [...fields];
}

/** A document value as a cell shows it: text as it is, anything else as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
