import { useEffect, useState } from 'react';
import type { BatchView } from '../../../../preload/contract';
import { useJobRevision } from '../../hooks/useJobRevision';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';

/** Upload batches, newest first, kept current as their jobs change; null until main has answered. */
export function useBatches(): BatchView[] | null {
  const [batches, setBatches] = useState<BatchView[] | null>(null);
  // Subscribed (in its own effect, which runs first) before the load, so no change falls between.
  const revision = useJobRevision();
  useEffect(() => {
    let current = true;
    window.api.listBatches().then(
      (loaded) => {
        // An earlier call can answer after a later one; only the latest snapshot may show.
        if (current) setBatches(loaded);
      },
      (error: unknown) => {
        if (current) useAppStore.getState().showNotice(`Could not load batches: ${errorMessage(error)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [revision]);
  return batches;
}
