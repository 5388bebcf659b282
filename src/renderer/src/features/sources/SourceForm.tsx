import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import {
  BLANK_POLICIES,
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  DECIMAL_SEPARATORS,
  DUPLICATE_POLICIES,
  OVERSIZE_POLICIES,
  type SourceView,
  type Target,
} from '../../../../preload/contract';
import { Timestamp } from '../../components/Timestamp';
import { errorMessage } from '../../lib/errors';
import { TextField } from '../settings/TextField';
import { RuleTable } from './RuleTable';
import { blankDraft, draftToInput, LIMIT_SPECS, limitRange, toDraft, type SourceDraft } from './source-draft';

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'confirm-delete' }
  | { kind: 'deleting' }
  | { kind: 'error'; text: string };

const DELIMITER_LABELS: Record<(typeof CSV_DELIMITERS)[number], string> = {
  ',': 'Comma ( , )',
  ';': 'Semicolon ( ; )',
  '\t': 'Tab',
  '|': 'Pipe ( | )',
};
const BLANK_LABELS: Record<(typeof BLANK_POLICIES)[number], string> = {
  absent: 'Leave the field out',
  empty: 'Store empty (typed: null)',
};
const DUPLICATE_LABELS: Record<(typeof DUPLICATE_POLICIES)[number], string> = {
  error: 'Error row; first row kept',
  last_wins: 'Last row wins',
};
const OVERSIZE_LABELS: Record<(typeof OVERSIZE_POLICIES)[number], string> = {
  reject: 'Reject the file',
  split: 'Split into batch parts',
  accept: 'Accept as one job',
};

interface SourceFormProps {
  /** The saved source being edited; null for a new one. */
  source: SourceView | null;
  /** Where a new source's rows go until the user says otherwise: the target in Settings. */
  target: Target;
  onSaved: (saved: SourceView) => void;
  onDeleted: (remaining: SourceView[], name: string) => void;
  onClose: () => void;
}

/** Every setting of one source; main checks it on save and the form shows main's message as it is. */
export function SourceForm({ source, target, onSaved, onDeleted, onClose }: SourceFormProps) {
  const [draft, setDraft] = useState<SourceDraft>(() => (source ? toDraft(source) : blankDraft(target)));
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const cancelDelete = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    document.getElementById('source-name')?.focus();
  }, []);
  const confirming = status.kind === 'confirm-delete' || status.kind === 'deleting';
  // Into the question when it opens (on Cancel, the safe answer), back to Delete when it closes.
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) cancelDelete.current?.focus();
    else if (wasConfirming.current) deleteButton.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const change = (patch: Partial<SourceDraft>): void => {
    setDraft((current) => ({ ...current, ...patch }));
    setStatus({ kind: 'idle' });
  };
  const text = (key: 'name' | 'database' | 'collection' | 'wholesalerId' | 'historyCollection' | 'sheet') => ({
    value: draft[key],
    onChange: (value: string) => {
      change({ [key]: value });
    },
  });

  const save = async (): Promise<void> => {
    const parsed = draftToInput(draft);
    if ('problem' in parsed) {
      setStatus({ kind: 'error', text: parsed.problem });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      const saved = await window.api.saveSource(source?.id ?? null, parsed.input);
      // Show what main stored (names trimmed), keeping the form open on it.
      setDraft(toDraft(saved));
      setStatus({ kind: 'saved' });
      onSaved(saved);
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) });
    }
  };

  const remove = async (id: string, name: string): Promise<void> => {
    setStatus({ kind: 'deleting' });
    try {
      onDeleted(await window.api.deleteSource(id), name);
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) });
    }
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void save();
  };

  const title = source === null ? 'New source' : `Source: ${source.name}`;
  return (
    <form
      className="panel source-form"
      data-testid="source-form"
      aria-labelledby="source-form-title"
      noValidate
      onSubmit={onSubmit}
    >
      <div className="panel-head">
        <h2 id="source-form-title" className="panel-title">
          {title}
        </h2>
        {source !== null && (
          <span className="muted source-updated">
            Saved <Timestamp iso={source.updatedAt} />
          </span>
        )}
      </div>

      <div className="source-sections">
        <Section title="Target" hint="Where the rows go. The wholesaler ID is written on every document.">
          <TextField id="source-name" label="Name" {...text('name')} />
          <TextField id="source-database" label="Database" {...text('database')} />
          <TextField id="source-collection" label="Collection" {...text('collection')} />
          <TextField id="source-wholesaler-id" label="Wholesaler ID" {...text('wholesalerId')} />
          <TextField
            id="source-history-collection"
            label="History collection (optional)"
            placeholder="none"
            hint="Gets one document per version written."
            {...text('historyCollection')}
          />
        </Section>

        <Section title="Reading the file" hint="Detect: the app finds out from the file.">
          <SelectField
            id="source-encoding"
            label="Encoding (CSV)"
            value={draft.encoding ?? ''}
            options={[{ value: '', label: 'Detect' }, ...CSV_ENCODINGS.map((value) => ({ value, label: value }))]}
            onChange={(value) => {
              change({ encoding: CSV_ENCODINGS.find((option) => option === value) ?? null });
            }}
          />
          <SelectField
            id="source-delimiter"
            label="Delimiter (CSV)"
            value={draft.delimiter ?? ''}
            options={[
              { value: '', label: 'Detect' },
              ...CSV_DELIMITERS.map((value) => ({ value, label: DELIMITER_LABELS[value] })),
            ]}
            onChange={(value) => {
              change({ delimiter: CSV_DELIMITERS.find((option) => option === value) ?? null });
            }}
          />
          <TextField id="source-sheet" label="Sheet (XLSX)" placeholder="first sheet" {...text('sheet')} />
          <SelectField
            id="source-decimal-separator"
            label="Decimal separator"
            value={draft.decimalSeparator ?? ''}
            options={[
              { value: '', label: 'Detect' },
              { value: '.', label: 'Point: 1,234.56' },
              { value: ',', label: 'Comma: 1.234,56' },
            ]}
            onChange={(value) => {
              change({ decimalSeparator: DECIMAL_SEPARATORS.find((option) => option === value) ?? null });
            }}
          />
          <SelectField
            id="source-blanks"
            label="Blank cells"
            value={draft.blanks}
            options={BLANK_POLICIES.map((value) => ({ value, label: BLANK_LABELS[value] }))}
            onChange={(value) => {
              change({ blanks: BLANK_POLICIES.find((option) => option === value) ?? draft.blanks });
            }}
          />
          <div className="check-field">
            <input
              id="source-trim"
              type="checkbox"
              checked={draft.trim}
              onChange={(event) => {
                change({ trim: event.target.checked });
              }}
            />
            <label htmlFor="source-trim">Trim spaces around cells</label>
          </div>
        </Section>

        <Section
          title="Limits"
          hint="Empty: the app’s default (jobs at once and the rate limit as in Settings, the rest from the environment). The range each accepts is under it."
        >
          {LIMIT_SPECS.map((spec) => (
            <TextField
              key={spec.key}
              id={`source-limit-${spec.key}`}
              label={spec.label}
              inputMode={spec.fractions ? 'decimal' : 'numeric'}
              placeholder="default"
              hint={limitRange(spec)}
              value={draft.limits[spec.key]}
              onChange={(value) => {
                change({ limits: { ...draft.limits, [spec.key]: value } });
              }}
            />
          ))}
          <SelectField
            id="source-oversize"
            label="Above max batch size"
            value={draft.oversize ?? ''}
            options={[
              { value: '', label: 'Default' },
              ...OVERSIZE_POLICIES.map((value) => ({ value, label: OVERSIZE_LABELS[value] })),
            ]}
            onChange={(value) => {
              change({ oversize: OVERSIZE_POLICIES.find((option) => option === value) ?? null });
            }}
          />
        </Section>
      </div>

      <Section
        title="Columns"
        hint="Rules for the columns they name, matched ignoring case, spaces, punctuation and accents. A field path with dots nests (attributes.color)."
        wide
        after={
          <RuleTable
            rules={draft.columns}
            onChange={(columns) => {
              change({ columns });
            }}
          />
        }
      >
        <SelectField
          id="source-unmapped"
          label="Columns without a rule"
          value={draft.unmapped}
          options={[
            { value: 'import', label: 'Import them, auto-mapped' },
            { value: 'ignore', label: 'Leave them out' },
          ]}
          onChange={(value) => {
            change({ unmapped: value === 'ignore' ? 'ignore' : 'import' });
          }}
        />
        <SelectField
          id="source-duplicates"
          label="Repeated entity code"
          value={draft.duplicates}
          options={DUPLICATE_POLICIES.map((value) => ({ value, label: DUPLICATE_LABELS[value] }))}
          onChange={(value) => {
            change({ duplicates: DUPLICATE_POLICIES.find((option) => option === value) ?? draft.duplicates });
          }}
        />
      </Section>

      <div className="form-actions">
        <button type="submit" className="button-primary" data-testid="source-save" disabled={status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button-secondary" data-testid="source-close" onClick={onClose}>
          Close
        </button>
        <span
          className={status.kind === 'error' ? 'status-error' : 'status-ok'}
          role="status"
          data-testid="source-status"
        >
          {status.kind === 'saved' && 'Saved'}
          {status.kind === 'error' && status.text}
        </span>
        {source !== null && !confirming && (
          <button
            ref={deleteButton}
            type="button"
            className="button-danger"
            data-testid="source-delete"
            onClick={() => {
              setStatus({ kind: 'confirm-delete' });
            }}
          >
            Delete…
          </button>
        )}
        {source !== null && confirming && (
          <div className="delete-confirm" role="group" aria-labelledby="source-delete-question">
            <span id="source-delete-question">
              Delete source “{source.name}”? Jobs created under it keep their copy.
            </span>
            <button
              type="button"
              className="button-danger"
              data-testid="source-delete-confirm"
              disabled={status.kind === 'deleting'}
              onClick={() => void remove(source.id, source.name)}
            >
              {status.kind === 'deleting' ? 'Deleting…' : 'Confirm'}
            </button>
            <button
              ref={cancelDelete}
              type="button"
              className="button-secondary"
              data-testid="source-delete-cancel"
              disabled={status.kind === 'deleting'}
              onClick={() => {
                setStatus({ kind: 'idle' });
              }}
            >
              Cancel
            </button>
          </div>
        )}
      </div>
    </form>
  );
}

interface SectionProps {
  title: string;
  hint: string;
  wide?: boolean;
  /** Below the fields' grid, full width. */
  after?: ReactNode;
  children: ReactNode;
}

function Section({ title, hint, wide = false, after, children }: SectionProps) {
  return (
    <fieldset className={wide ? 'source-section is-wide' : 'source-section'}>
      <legend className="subhead">{title}</legend>
      <p className="field-hint muted">{hint}</p>
      <div className="source-fields">{children}</div>
      {after}
    </fieldset>
  );
}

interface SelectFieldProps {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}

function SelectField({ id, label, value, options, onChange }: SelectFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        data-testid={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
