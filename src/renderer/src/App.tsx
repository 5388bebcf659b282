import { ConnectionStatus } from './components/ConnectionStatus';
import { Notice } from './components/Notice';
import { DropZone } from './features/import/DropZone';
import { JobList } from './features/jobs/JobList';
import { SettingsForm } from './features/settings/SettingsForm';
import { useApiEvents } from './hooks/useApiEvents';

export function App() {
  useApiEvents();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Import Console</h1>
        <p className="muted">Catalog files into MongoDB</p>
        <ConnectionStatus />
      </header>
      <main className="app-main">
        <div className="app-primary">
          <Notice />
          <DropZone />
          <JobList />
        </div>
        <aside className="app-aside">
          <SettingsForm />
        </aside>
      </main>
    </div>
  );
}
