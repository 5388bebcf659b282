import { useState } from 'react';
import type { ColumnRule, SourceView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';

interface SaveMappingProps {
  fileId: string;
  /** The chosen source, which the mapping is merged into; null: a new source is made. */
  source: SourceView | null;
  rules: readonly ColumnRule[];
  onSaved: (source: SourceView) => void;
}

/** Keeps an edited mapping for the next files of this sender: in the chosen source, or as a new one. */
export function SaveMapping({ fileId, source, rules, onSaved }: SaveMappingProps) {
  const [name, setName] = useState('');
  const [status, setStatus] = useState<{ saving: boolean; error: string | null }>({ saving: false, error: null });
  const inputId = `${fileId}-source-name`;

  const save = (): void => {
    setStatus({ saving: true, error: null });
    window.api.saveMapping(source?.id ?? null, name, [...rules]).then(
      (saved) => {
        setStatus({ saving: false, error: null });
        onSaved(saved);
      },
      (error: unknown) => {
        setStatus({ saving: false, error: errorMessage(error) });
      },
    );
  };

  return (
    <div className="save-mapping" data-testid="save-mapping">
      {source === null && (
        <div className="inline-field">
          <label htmlFor={inputId}>New source name</label>
          <input
            id={inputId}
            type="text"
            value={name}
            autoComplete="off"
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
        </div>
      )}
      <button
        type="button"
        className="button-secondary"
        data-testid="save-mapping-button"
        disabled={status.saving || (source === null && name.trim() === '')}
        onClick={save}
      >
        {source === null ? 'Save as source' : `Save mapping to “${source.name}”`}
      </button>
      {status.error !== null && (
        <p className="status-error" role="alert" data-testid="save-mapping-error">
          {status.error}
        </p>
      )}
    </div>
  );
}
