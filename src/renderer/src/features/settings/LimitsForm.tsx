import { useEffect, useState, type SubmitEvent } from 'react';
import type { AppLimits } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { TextField } from './TextField';
import { APP_LIMIT_SPECS, draftToInput, limitRange, toDraft, type LimitsDraft } from './limits-draft';

type Status =
  | { kind: 'loading' }
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; rowsPruned: number }
  | { kind: 'error'; text: string };

const EMPTY_DRAFT: LimitsDraft = {
  workerConcurrency: '',
  rateLimitMax: '',
  rateLimitDurationMs: '',
  retentionDays: '',
};

function savedText(rowsPruned: number): string {
  if (rowsPruned === 0) return 'Saved';
  return `Saved; ${rowsPruned.toLocaleString()} sent rows past the retention were removed from the local queue`;
}

/** The app-wide limits: empty fields take the default shown, and main checks each value on save. */
export function LimitsForm() {
  const [defaults, setDefaults] = useState<AppLimits | null>(null);
  const [draft, setDraft] = useState<LimitsDraft>(EMPTY_DRAFT);
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  useEffect(() => {
    let current = true;
    window.api.getAppLimits().then(
      (view) => {
        if (!current) return;
        setDefaults(view.defaults);
        setDraft(toDraft(view.saved));
        setStatus({ kind: 'idle' });
      },
      (error: unknown) => {
        if (current) setStatus({ kind: 'error', text: `Could not load the limits: ${errorMessage(error)}` });
      },
    );
    return () => {
      current = false;
    };
  }, []);

  const save = async (): Promise<void> => {
    const parsed = draftToInput(draft);
    if ('problem' in parsed) {
      setStatus({ kind: 'error', text: parsed.problem });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      const saved = await window.api.saveAppLimits(parsed.input);
      setDefaults(saved.defaults);
      setDraft(toDraft(saved.saved));
      setStatus({ kind: 'saved', rowsPruned: saved.rowsPruned });
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) });
    }
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void save();
  };

  return (
    <form
      data-testid="limits-form"
      aria-labelledby="limits-title"
      aria-busy={defaults === null}
      noValidate
      onSubmit={onSubmit}
    >
      <h2 id="limits-title" className="panel-title">
        Limits and storage
      </h2>
      <p className="field-hint muted">
        Empty: the default shown, from the environment (IMPORT_* variables) or built in. The command-line tool runs
        under these too.
      </p>
      {defaults === null && status.kind === 'loading' && <p className="muted">Loading…</p>}
      {defaults !== null && (
        <div className="limit-fields">
          {APP_LIMIT_SPECS.map(({ key, label, hint }) => (
            <TextField
              key={key}
              id={`limits-${key}`}
              label={label}
              inputMode="numeric"
              placeholder={`default ${defaults[key].toLocaleString()}`}
              hint={`${limitRange(key)}. ${hint}`}
              value={draft[key]}
              onChange={(value) => {
                setDraft((current) => ({ ...current, [key]: value }));
                setStatus({ kind: 'idle' });
              }}
            />
          ))}
        </div>
      )}
      <div className="settings-actions">
        <button
          type="submit"
          className="button-primary"
          data-testid="limits-save"
          disabled={defaults === null || status.kind === 'saving'}
        >
          {status.kind === 'saving' ? 'Saving…' : 'Save limits'}
        </button>
        <span
          className={status.kind === 'error' ? 'status-error' : 'status-ok'}
          role="status"
          data-testid="limits-status"
        >
          {status.kind === 'saved' && savedText(status.rowsPruned)}
          {status.kind === 'error' && status.text}
        </span>
      </div>
    </form>
  );
}
