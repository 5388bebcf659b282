import { useEffect, useState } from 'react';
import type { ErrorFilter, ErrorScope, ErrorSummary } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';

interface LoadedSummary {
  filter: ErrorFilter;
  summary: ErrorSummary;
}

/**
 * The summary of the error rows matching `filter`, counted again at each job revision. While
 * another filter's summary loads the last one stays on screen (marked loading), so the counts
 * and column list do not flicker away at each keystroke.
 */
export function useErrorSummary(
  scope: ErrorScope,
  filter: ErrorFilter,
  revision: number,
): { summary: ErrorSummary | null; loading: boolean } {
  const [loaded, setLoaded] = useState<LoadedSummary | null>(null);
  useEffect(() => {
    let current = true;
    window.api.errorSummary(scope, filter).then(
      (summary) => {
        if (current) setLoaded({ filter, summary });
      },
      (error: unknown) => {
        if (current) useAppStore.getState().showNotice(`Could not count the error rows: ${errorMessage(error)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [scope, filter, revision]);
  return { summary: loaded?.summary ?? null, loading: loaded?.filter !== filter };
}
