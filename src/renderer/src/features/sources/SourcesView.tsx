import { useState } from 'react';
import type { SourceView } from '../../../../preload/contract';
import { useAppStore } from '../../store/app-store';
import { SourceForm } from './SourceForm';
import { SourceList } from './SourceList';
import { useSources, withSaved } from './useSources';

/** What the form below the list has open; `session` is new each time, so the form starts over. */
interface Editing {
  session: number;
  /** null for a source not saved yet. */
  source: SourceView | null;
}

const focusNewSource = (): void => {
  document.getElementById('new-source')?.focus();
};

export function SourcesView({ visible }: { visible: boolean }) {
  const [sources, setSources] = useSources(visible);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [listStatus, setListStatus] = useState('');
  const settings = useAppStore((state) => state.settings);

  const open = (source: SourceView | null): void => {
    setListStatus('');
    setEditing((current) => ({ session: (current?.session ?? 0) + 1, source }));
  };

  return (
    <div className="sources-layout">
      <section className="panel" aria-labelledby="sources-title" aria-busy={sources === null}>
        <div className="panel-head">
          <h2 id="sources-title" className="panel-title">
            Sources
          </h2>
          <span className="status-ok" role="status" data-testid="sources-status">
            {listStatus}
          </span>
          <button
            type="button"
            id="new-source"
            className="button-secondary"
            data-testid="new-source"
            onClick={() => {
              open(null);
            }}
          >
            New source
          </button>
        </div>
        {sources === null && <p className="empty muted">Loading sources…</p>}
        {sources?.length === 0 && (
          <p className="empty muted" data-testid="sources-empty">
            No sources yet. A source is a named import profile: the database and collection its rows go to, the
            wholesaler ID, how the file’s columns become fields (field, type, required) and the limits its imports run
            under. Without one, an import uses the target in Settings with every column auto-mapped. Choose “New source”
            to create one.
          </p>
        )}
        {sources !== null && sources.length > 0 && (
          <SourceList sources={sources} openId={editing?.source?.id ?? null} onOpen={open} />
        )}
      </section>
      {editing !== null && (
        <SourceForm
          key={editing.session}
          source={editing.source}
          target={{
            database: settings?.database ?? '',
            collection: settings?.collection ?? '',
            wholesalerId: settings?.wholesalerId ?? '',
          }}
          onSaved={(saved) => {
            setSources(withSaved(sources, saved));
            setEditing({ session: editing.session, source: saved });
          }}
          onDeleted={(remaining, name) => {
            setSources(remaining);
            setEditing(null);
            setListStatus(`Deleted source “${name}”.`);
            focusNewSource();
          }}
          onClose={() => {
            setEditing(null);
            focusNewSource();
          }}
        />
      )}
    </div>
  );
}
