import { useEffect, useRef } from 'react';
import { FieldTypeSelect } from '../../components/FieldTypeSelect';
import { newRule, type RuleDraft } from './source-draft';

interface RuleTableProps {
  rules: readonly RuleDraft[];
  onChange: (rules: RuleDraft[]) => void;
}

/** Column headings; each control's name is its heading and its rule's number ("Field 2"). */
const HEADINGS = {
  column: 'Column in file',
  field: 'Field',
  leaveOut: 'Leave out',
  type: 'Type',
  required: 'Required',
} as const;
const headingId = (key: keyof typeof HEADINGS): string => `rule-heading-${key}`;
const ruleNumberId = (rule: RuleDraft): string => `rule-number-${rule.key}`;
const labelledBy = (key: keyof typeof HEADINGS, rule: RuleDraft): string => `${headingId(key)} ${ruleNumberId(rule)}`;

/** The source's column rules: which header fills which field, typed how, and whether a value is required. */
export function RuleTable({ rules, onChange }: RuleTableProps) {
  const addButton = useRef<HTMLButtonElement>(null);
  /** Where focus goes after the next render: a new rule's column, or the add button after a removal. */
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    if (focusNext.current === null) return;
    const target = focusNext.current === 'add' ? addButton.current : document.getElementById(focusNext.current);
    focusNext.current = null;
    target?.focus();
  });

  const update = (key: number, change: Partial<RuleDraft>): void => {
    onChange(rules.map((rule) => (rule.key === key ? { ...rule, ...change } : rule)));
  };

  return (
    <div className="rule-table">
      <table className="data-table">
        <caption className="visually-hidden">Column rules</caption>
        <thead>
          <tr>
            <th scope="col" className="numeric">
              #
            </th>
            {(Object.keys(HEADINGS) as (keyof typeof HEADINGS)[]).map((key) => (
              <th key={key} scope="col" id={headingId(key)}>
                {HEADINGS[key]}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.length === 0 && (
            <tr>
              <td colSpan={7} className="muted" data-testid="rules-empty">
                No rules: every column is auto-mapped by its header (or left out, when columns without a rule are left
                out). Add a rule to name a column’s field, type or requirement.
              </td>
            </tr>
          )}
          {rules.map((rule, index) => (
            <tr key={rule.key} data-testid="rule-row">
              <td className="numeric muted" id={ruleNumberId(rule)}>
                {(index + 1).toLocaleString()}
              </td>
              <td>
                <input
                  id={`rule-column-${rule.key}`}
                  type="text"
                  value={rule.column}
                  placeholder="header text"
                  autoComplete="off"
                  spellCheck={false}
                  aria-labelledby={labelledBy('column', rule)}
                  onChange={(event) => {
                    update(rule.key, { column: event.target.value });
                  }}
                />
              </td>
              <td>
                <input
                  type="text"
                  value={rule.leaveOut ? '' : rule.field}
                  placeholder={rule.leaveOut ? 'left out' : 'e.g. attributes.color'}
                  disabled={rule.leaveOut}
                  autoComplete="off"
                  spellCheck={false}
                  aria-labelledby={labelledBy('field', rule)}
                  onChange={(event) => {
                    update(rule.key, { field: event.target.value });
                  }}
                />
              </td>
              <td className="rule-check">
                <input
                  type="checkbox"
                  checked={rule.leaveOut}
                  aria-labelledby={labelledBy('leaveOut', rule)}
                  onChange={(event) => {
                    update(rule.key, { leaveOut: event.target.checked });
                  }}
                />
              </td>
              <td className="rule-type">
                <FieldTypeSelect
                  value={rule.type}
                  label={{ 'aria-labelledby': labelledBy('type', rule) }}
                  onChange={(type) => {
                    update(rule.key, { type });
                  }}
                />
              </td>
              <td className="rule-check">
                <input
                  type="checkbox"
                  checked={rule.required}
                  aria-labelledby={labelledBy('required', rule)}
                  onChange={(event) => {
                    update(rule.key, { required: event.target.checked });
                  }}
                />
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button-quiet"
                  data-testid="remove-rule"
                  aria-label={`Remove rule ${(index + 1).toLocaleString()}${rule.column === '' ? '' : ` (${rule.column})`}`}
                  title="Remove this rule"
                  onClick={() => {
                    focusNext.current = 'add';
                    onChange(rules.filter((other) => other.key !== rule.key));
                  }}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        ref={addButton}
        type="button"
        className="button-secondary"
        data-testid="add-rule"
        onClick={() => {
          const rule = newRule();
          focusNext.current = `rule-column-${rule.key}`;
          onChange([...rules, rule]);
        }}
      >
        Add rule
      </button>
    </div>
  );
}
