import { FIELD_TYPES, type FieldType } from '../../../preload/contract';

interface FieldTypeSelectProps {
  value: FieldType;
  onChange: (type: FieldType) => void;
  /** How the select is named: a label of its own, or the headings that name it. */
  label: { 'aria-label': string } | { 'aria-labelledby': string };
  disabled?: boolean;
}

/** The type a column's text becomes, as a column rule and the preview's mapping both choose it. */
export function FieldTypeSelect({ value, onChange, label, disabled = false }: FieldTypeSelectProps) {
  return (
    <select
      value={value}
      disabled={disabled}
      {...label}
      onChange={(event) => {
        const type = FIELD_TYPES.find((option) => option === event.target.value);
        if (type !== undefined) onChange(type);
      }}
    >
      {FIELD_TYPES.map((type) => (
        <option key={type} value={type}>
          {type}
        </option>
      ))}
    </select>
  );
}
