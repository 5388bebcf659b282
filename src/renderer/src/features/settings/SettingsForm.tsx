import { useState, type SubmitEvent } from 'react';
import type { SettingsInput, SettingsView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { ConnectionTester } from './ConnectionTester';
import { TextField } from './TextField';

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; text: string };

const NO_SETTINGS: SettingsView = {
  mongoUriSet: false,
  database: '',
  collection: '',
  wholesalerId: '',
};

const toDraft = ({ database, collection, wholesalerId }: SettingsView): SettingsInput => ({
  mongoUri: '',
  database,
  collection,
  wholesalerId,
});

export function SettingsForm() {
  const settings = useAppStore((state) => state.settings);
  // Remount once the saved settings arrive so the fields start from them.
  return <SettingsFields key={settings ? 'loaded' : 'empty'} initial={settings ?? NO_SETTINGS} />;
}

function SettingsFields({ initial }: { initial: SettingsView }) {
  const setSettings = useAppStore((state) => state.setSettings);
  const [draft, setDraft] = useState<SettingsInput>(() => toDraft(initial));
  const [mongoUriSet, setMongoUriSet] = useState(initial.mongoUriSet);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const change = (field: keyof SettingsInput) => (value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setStatus({ kind: 'idle' });
  };

  const save = async (): Promise<void> => {
    setStatus({ kind: 'saving' });
    try {
      const saved = await window.api.saveSettings(draft);
      setSettings(saved);
      setMongoUriSet(saved.mongoUriSet);
      // Show what main actually stored, and never keep the URI around in the page.
      setDraft(toDraft(saved));
      setStatus({ kind: 'saved' });
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) });
    }
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void save();
  };

  return (
    <form className="panel settings" aria-labelledby="settings-title" onSubmit={onSubmit}>
      <h2 id="settings-title" className="panel-title">
        MongoDB connection
      </h2>
      <TextField
        id="settings-mongo-uri"
        label="MongoDB URI"
        type="password"
        value={draft.mongoUri}
        onChange={change('mongoUri')}
        placeholder={mongoUriSet ? 'stored encrypted; leave empty to keep the saved one' : 'mongodb://host:27017'}
        hint={
          mongoUriSet
            ? 'A URI is saved and stored encrypted. Leave this empty to keep it.'
            : 'No URI saved yet. It is stored encrypted and never shown again.'
        }
      />
      <TextField id="settings-database" label="Database" value={draft.database} onChange={change('database')} />
      <TextField id="settings-collection" label="Collection" value={draft.collection} onChange={change('collection')} />
      <TextField
        id="settings-wholesaler-id"
        label="Wholesaler ID"
        value={draft.wholesalerId}
        onChange={change('wholesalerId')}
      />
      <ConnectionTester mongoUri={draft.mongoUri} mongoUriSet={mongoUriSet} />
      <div className="settings-actions">
        <button
          type="submit"
          className="button-primary"
          data-testid="settings-save"
          disabled={status.kind === 'saving'}
        >
          {status.kind === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <span
          className={status.kind === 'error' ? 'status-error' : 'status-ok'}
          role="status"
          data-testid="settings-status"
        >
          {status.kind === 'saved' && 'Saved'}
          {status.kind === 'error' && status.text}
        </span>
      </div>
    </form>
  );
}
