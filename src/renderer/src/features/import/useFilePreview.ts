import { useEffect } from 'react';
import type { ColumnRule } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { useImportStore } from './import-store';

/** How long typing in the mapping may pause before the preview is asked for again. */
const EDIT_PAUSE_MS = 350;

/**
 * Keeps a pending file's preview in step with the chosen source and its edited mapping. Main runs
 * one preview of a file at a time: a newer request ends the one before, whose answer ("cancelled")
 * is no longer this card's to show; a file removed while its preview runs has that preview stopped.
 */
export function useFilePreview(path: string, sourceId: string | null, rules: ColumnRule[] | null): void {
  // By value: an edit that changes nothing asks for nothing.
  const rulesKey = rules === null ? '' : JSON.stringify(rules);
  // The default source is Settings' target: a file previewed before it was set is previewed again.
  const target = useAppStore((state) =>
    state.settings ? `${state.settings.database}\n${state.settings.collection}\n${state.settings.wholesalerId}` : '',
  );
  useEffect(() => {
    const { previewing, previewed } = useImportStore.getState();
    let current = true;
    let running = false;
    previewing(path);
    const timer = setTimeout(
      () => {
        const edited = rulesKey === '' ? null : (JSON.parse(rulesKey) as ColumnRule[]);
        running = true;
        window.api.previewFile(path, sourceId, edited).then(
          (answer) => {
            running = false;
            if (current && !('cancelled' in answer)) previewed(path, { preview: answer }, edited !== null);
          },
          (error: unknown) => {
            running = false;
            if (current) previewed(path, { failure: errorMessage(error) }, edited !== null);
          },
        );
      },
      rulesKey === '' ? 0 : EDIT_PAUSE_MS,
    );
    return () => {
      current = false;
      clearTimeout(timer);
      // Removed, or about to be asked again: its worker need not finish. A cancel that fails
      // leaves only a preview nobody waits for, so there is nothing to tell the user.
      if (running) window.api.cancelPreview(path).catch(() => undefined);
    };
  }, [path, sourceId, rulesKey, target]);
}
