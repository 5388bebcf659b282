import { useEffect, useRef, useState } from 'react';
import type { JobView } from '../../../preload/contract';

/** A syncing file sends many job events a second; views built from many jobs reload twice a second at most. */
const REFRESH_INTERVAL_MS = 500;

/**
 * A number that changes, at most every REFRESH_INTERVAL_MS, while main reports changes of the
 * jobs `matches` accepts (all, by default): views that main builds from many jobs (batches,
 * error counts) reload when it does, and not for jobs they do not show.
 */
export function useJobRevision(matches: (job: JobView) => boolean = () => true): number {
  const [revision, setRevision] = useState(0);
  // The latest test, without subscribing again each render.
  const test = useRef(matches);
  useEffect(() => {
    test.current = matches;
  });
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const unsubscribe = window.api.on('job', (job) => {
      if (!test.current(job)) return;
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
