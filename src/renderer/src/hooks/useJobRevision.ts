import { useEffect, useState } from 'react';

/** A syncing file sends many job events a second; views built from many jobs reload twice a second at most. */
const REFRESH_INTERVAL_MS = 500;

/**
 * A number that changes, at most every REFRESH_INTERVAL_MS, while main reports job changes:
 * views that main builds from many jobs (batches, error counts) reload when it does.
 */
export function useJobRevision(): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const unsubscribe = window.api.on('job', () => {
      timer ??= setTimeout(
        () => {
          timer = undefined;
          last = Date.now();
          setRevision((current) => current + 1);
        },
        Math.max(0, last + REFRESH_INTERVAL_MS - Date.now()),
      );
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, []);
  return revision;
}
