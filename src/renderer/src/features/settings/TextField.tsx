interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password';
  placeholder?: string;
  hint?: string;
  inputMode?: 'text' | 'numeric' | 'decimal';
}

export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, type = 'text', placeholder, hint, inputMode } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        data-testid={id}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {hint !== undefined && (
        <p id={`${id}-hint`} className="field-hint muted">
          {hint}
        </p>
      )}
    </div>
  );
}
