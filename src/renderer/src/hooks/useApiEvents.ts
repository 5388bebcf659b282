import { useEffect } from 'react';
import { errorMessage } from '../lib/errors';
import { useAppStore } from '../store/app-store';

/** Feeds main's job, connection and health events into the store and loads the initial state. */
export function useApiEvents(): void {
  useEffect(() => {
    const { upsertJobs, setSettings, setConnection, setHealth, showNotice } = useAppStore.getState();
    // Subscribe before listing so no update can fall between the snapshot and the stream.
    const unsubscribeJobs = window.api.on('job', (job) => {
      upsertJobs([job]);
    });
    const unsubscribeConnection = window.api.on('connection', setConnection);
    const unsubscribeHealth = window.api.on('health', setHealth);
    window.api.getHealth().then(setHealth, (error: unknown) => {
      showNotice(`Could not learn the app's memory use: ${errorMessage(error)}`);
    });
    window.api.getConnection().then(setConnection, (error: unknown) => {
      showNotice(`Could not learn the connection state: ${errorMessage(error)}`);
    });
    window.api.listJobs().then(upsertJobs, (error: unknown) => {
      showNotice(`Could not load imports: ${errorMessage(error)}`);
    });
    window.api.getSettings().then(setSettings, (error: unknown) => {
      showNotice(`Could not load settings: ${errorMessage(error)}`);
    });
    return () => {
      unsubscribeJobs();
      unsubscribeConnection();
      unsubscribeHealth();
    };
  }, []);
}
