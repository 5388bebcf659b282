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
    // Events come only on change: a snapshot answered after one is older, and must not replace it.
    const heard = { connection: false, health: false };
    const unsubscribeConnection = window.api.on('connection', (view) => {
      heard.connection = true;
      setConnection(view);
    });
    const unsubscribeHealth = window.api.on('health', (view) => {
      heard.health = true;
      setHealth(view);
    });
    window.api.getHealth().then(
      (view) => {
        if (!heard.health) setHealth(view);
      },
      (error: unknown) => {
        showNotice(`Could not learn the app's memory use: ${errorMessage(error)}`);
      },
    );
    window.api.getConnection().then(
      (view) => {
        if (!heard.connection) setConnection(view);
      },
      (error: unknown) => {
        showNotice(`Could not learn the connection state: ${errorMessage(error)}`);
      },
    );
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
