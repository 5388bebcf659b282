import { useEffect, useState } from 'react';
import type { SourceView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';

const byName = (a: SourceView, b: SourceView): number =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** The list with a source just saved in it, in place of its earlier version, ordered by name as main lists them. */
export function withSaved(sources: readonly SourceView[] | null, saved: SourceView): SourceView[] {
  return [...(sources ?? []).filter((source) => source.id !== saved.id), saved].sort(byName);
}

/**
 * The saved sources by name, loaded each time the view shows (the CLI may have changed them)
 * and replaced by what a save or delete gives back; null until main has answered.
 */
export function useSources(visible: boolean): [SourceView[] | null, (sources: SourceView[]) => void] {
  const [sources, setSources] = useState<SourceView[] | null>(null);
  useEffect(() => {
    if (!visible) return;
    let current = true;
    window.api.listSources().then(
      (loaded) => {
        if (current) setSources(loaded);
      },
      (error: unknown) => {
        if (current) useAppStore.getState().showNotice(`Could not load sources: ${errorMessage(error)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [visible]);
  return [sources, setSources];
}
