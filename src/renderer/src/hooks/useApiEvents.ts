import { useEffect } from 'react';
import { errorMessage } from '../lib/errors';
import { useAppStore } from '../store/app-store';

/** Feeds main's job events into the store and loads the initial jobs and settings. */
export function useApiEvents(): void {
  useEffect(() => {
    const { upsertJobs, setSettings, showNotice } = useAppStore.getState();
    // Subscribe before listing so no update can fall between the snapshot and the stream.
    const unsubscribe = window.api.on('job', (job) => {
      upsertJobs([job]);
    });
    window.api.listJobs().then(upsertJobs, (error: unknown) => {
      showNotice(`Could not load imports: ${errorMessage(error)}`);
    });
    window.api.getSettings().then(setSettings, (error: unknown) => {
      showNotice(`Could not load settings: ${errorMessage(error)}`);
    });
    return unsubscribe;
  }, []);
}
