import type { ColumnRule, FilePreview, PreviewColumn } from '../../../../preload/contract';
import { FieldTypeSelect } from '../../components/FieldTypeSelect';
import { changeRule, rulesFromPreview, sameRule } from './mapping-draft';

interface MappingEditorProps {
  preview: FilePreview;
  /** The preview under the source's own mapping, which says how each column was matched. */
  original: FilePreview;
  /** One rule per header column: the user's edits, else the preview's own mapping. */
  rules: readonly ColumnRule[];
  onChange: (rules: ColumnRule[]) => void;
}

const MATCHED_BY: Record<PreviewColumn['by'], string> = {
  rule: 'source rule',
  synonym: 'recognised name',
  name: 'own name',
};

/** Which column fills which field, typed how, required or not: auto-matched, and the user's to change. */
export function MappingEditor({ preview, original, rules, onChange }: MappingEditorProps) {
  const planned = new Map(preview.columns.map((c) => [c.column, c]));
  const matched = new Map(original.columns.map((c) => [c.column, c]));
  const originalRules = new Map(rulesFromPreview(original).map((rule) => [rule.column, rule]));
  const matchedBy = (rule: ColumnRule): string => {
    const before = originalRules.get(rule.column);
    if (!before || !sameRule(before, rule)) return 'changed here';
    const plan = matched.get(rule.column);
    return plan ? MATCHED_BY[plan.by] : 'left out';
  };
  const edit = (column: string, change: Partial<ColumnRule>): void => {
    onChange(changeRule(rules, column, change));
  };
  return (
    <table className="data-table mapping-table" data-testid="mapping-editor">
      <caption className="visually-hidden">Mapping of {preview.fileName}</caption>
      <thead>
        <tr>
          <th scope="col">Column in file</th>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Required</th>
          <th scope="col">Matched by</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule, index) => {
          const plan = planned.get(rule.column);
          return (
            <tr key={index} data-testid="mapping-row" data-column={rule.column} data-field={plan?.field ?? ''}>
              <th scope="row">
                <span className="cell-text">{rule.column}</span>
              </th>
              <td>
                <input
                  type="text"
                  value={rule.field ?? ''}
                  placeholder="left out"
                  autoComplete="off"
                  spellCheck={false}
                  aria-label={`Field for column ${rule.column}`}
                  onChange={(event) => {
                    edit(rule.column, { field: event.target.value });
                  }}
                />
              </td>
              <td>
                <FieldTypeSelect
                  value={rule.type}
                  label={{ 'aria-label': `Type of column ${rule.column}` }}
                  disabled={rule.field === null}
                  onChange={(type) => {
                    edit(rule.column, { type });
                  }}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  checked={rule.required}
                  disabled={rule.field === null}
                  aria-label={`Column ${rule.column} is required`}
                  onChange={(event) => {
                    edit(rule.column, { required: event.target.checked });
                  }}
                />
              </td>
              <td className="muted" data-testid="mapping-matched">
                {matchedBy(rule)}
                {plan?.note && <span className="field-hint"> · {plan.note}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
