import { DataFolders } from './DataFolders';
import { LimitsForm } from './LimitsForm';
import { SettingsForm } from './SettingsForm';

/** The Settings view: the MongoDB connection and target, the app-wide limits, and where the data lives. */
export function SettingsView() {
  return (
    <div className="settings-layout">
      <SettingsForm />
      <div className="panel">
        <LimitsForm />
        <DataFolders />
      </div>
    </div>
  );
}
