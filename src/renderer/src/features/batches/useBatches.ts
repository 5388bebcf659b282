import { useEffect, useState } from 'react';
import type { BatchView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';

/** A syncing file sends many job events a second; a batch summary twice a second is plenty. */
const REFRESH_INTERVAL_MS = 500;

/** Upload batches, newest first, kept current as their jobs change; null until main has answered. */
export function useBatches(): BatchView[] | null {
  const [batches, setBatches] = useState<BatchView[] | null>(null);
  useEffect(() => {
    const { showNotice } = useAppStore.getState();
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastCall = 0;
    let latestCall = 0;
    const load = (): void => {
      timer = undefined;
      lastCall = Date.now();
      const call = ++latestCall;
      window.api.listBatches().then(
        (loaded) => {
          // An earlier call can answer after a later one; only the latest snapshot may show.
          if (!disposed && call === latestCall) setBatches(loaded);
        },
        (error: unknown) => {
          if (!disposed) showNotice(`Could not load batches: ${errorMessage(error)}`);
        },
      );
    };
    // Subscribe before the first load so no change can fall between the snapshot and the events.
    const unsubscribe = window.api.on('job', () => {
      timer ??= setTimeout(load, Math.max(0, lastCall + REFRESH_INTERVAL_MS - Date.now()));
    });
    load();
    return () => {
      disposed = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
  return batches;
}
