import { ConnectionStatus } from './components/ConnectionStatus';
import { Notice } from './components/Notice';
import { ThemePicker } from './components/ThemePicker';
import { ViewTabs, panelId, tabId } from './components/ViewTabs';
import { AlertsBar } from './features/alerts/AlertsBar';
import { BatchesView } from './features/batches/BatchesView';
import { ErrorsView } from './features/errors/ErrorsView';
import { ImportPanel } from './features/import/ImportPanel';
import { JobList } from './features/jobs/JobList';
import { SettingsView } from './features/settings/SettingsView';
import { SourcesView } from './features/sources/SourcesView';
import { useApiEvents } from './hooks/useApiEvents';
import { useAppStore } from './store/app-store';

export function App() {
  useApiEvents();
  const view = useAppStore((state) => state.view);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Import Console</h1>
        <p className="muted">Catalog files into MongoDB</p>
        <ViewTabs />
        <div className="app-header-end">
          <ConnectionStatus />
          <ThemePicker />
        </div>
      </header>
      <main className="app-main">
        <Notice />
        <AlertsBar />
        {/* Hidden rather than unmounted, so a half-typed batch survives a look elsewhere. */}
        <div
          className="app-primary"
          role="tabpanel"
          id={panelId('imports')}
          aria-labelledby={tabId('imports')}
          hidden={view !== 'imports'}
        >
          <ImportPanel visible={view === 'imports'} />
          <JobList />
        </div>
        <div role="tabpanel" id={panelId('batches')} aria-labelledby={tabId('batches')} hidden={view !== 'batches'}>
          {view === 'batches' && <BatchesView />}
        </div>
        <div role="tabpanel" id={panelId('errors')} aria-labelledby={tabId('errors')} hidden={view !== 'errors'}>
          {view === 'errors' && <ErrorsView />}
        </div>
        {/* Kept mounted, as the Imports view is, so a source half edited survives a look at another view. */}
        <div role="tabpanel" id={panelId('sources')} aria-labelledby={tabId('sources')} hidden={view !== 'sources'}>
          <SourcesView visible={view === 'sources'} />
        </div>
        {/* Kept mounted too, so settings typed but not saved survive a look at another view. */}
        <div role="tabpanel" id={panelId('settings')} aria-labelledby={tabId('settings')} hidden={view !== 'settings'}>
          <SettingsView />
        </div>
      </main>
    </div>
  );
}
