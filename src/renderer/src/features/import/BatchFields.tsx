import type { BatchDraft } from './batch-input';

interface BatchFieldsProps {
  draft: BatchDraft;
  onChange: (draft: BatchDraft) => void;
  /** While files start: the part they take is worked out from the fields as they were. */
  disabled: boolean;
}

const FIELDS: readonly { key: keyof BatchDraft; id: string; label: string; numeric: boolean; placeholder: string }[] = [
  { key: 'batchId', id: 'batch-id-input', label: 'Batch ID', numeric: false, placeholder: 'e.g. spring-2025' },
  { key: 'part', id: 'batch-part-input', label: 'Part', numeric: true, placeholder: '1' },
  { key: 'totalParts', id: 'batch-total-parts-input', label: 'Total parts', numeric: true, placeholder: 'unknown' },
  { key: 'totalItems', id: 'batch-total-items-input', label: 'Total items', numeric: true, placeholder: 'unknown' },
];

/** Batch metadata for files that do not carry their own (no JSON envelope, no part in the file name). */
export function BatchFields({ draft, onChange, disabled }: BatchFieldsProps) {
  const batchId = draft.batchId.trim();
  return (
    <details className="batch-fields" data-testid="batch-fields">
      <summary>
        Batch (optional)
        {batchId !== '' && (
          <span className="muted">
            {' '}
            · {batchId}, part {draft.part.trim() || '1'}
          </span>
        )}
      </summary>
      <p id="batch-fields-hint" className="field-hint muted">
        For files that are parts of one upload. Several files at once become consecutive parts from the part given.
        Leave the batch ID empty to let file names and timing group files.
      </p>
      <div className="batch-fields-grid">
        {FIELDS.map(({ key, id, label, numeric, placeholder }) => (
          <div key={key} className="field">
            <label htmlFor={id}>{label}</label>
            <input
              id={id}
              name={id}
              data-testid={id}
              type={numeric ? 'number' : 'text'}
              min={numeric ? 1 : undefined}
              step={numeric ? 1 : undefined}
              value={draft[key]}
              placeholder={placeholder}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="batch-fields-hint"
              disabled={disabled}
              onChange={(event) => {
                onChange({ ...draft, [key]: event.target.value });
              }}
            />
          </div>
        ))}
      </div>
    </details>
  );
}
