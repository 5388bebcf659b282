import { useEffect } from 'react';
import type { ColumnRule } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { useImportStore } from './import-store';

/** How long typing in the mapping may pause before the preview is asked for again. */
const EDIT_PAUSE_MS = 350;

/** Keeps a pending file's preview in step with the chosen source and its edited mapping. */
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
    previewing(path);
    const timer = setTimeout(
      () => {
        const edited = rulesKey === '' ? null : (JSON.parse(rulesKey) as ColumnRule[]);
        window.api.previewFile(path, sourceId, edited).then(
          (preview) => {
            if (current) previewed(path, { preview }, edited !== null);
          },
          (error: unknown) => {
            if (current) previewed(path, { failure: errorMessage(error) }, edited !== null);
          },
        );
      },
      rulesKey === '' ? 0 : EDIT_PAUSE_MS,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [path, sourceId, rulesKey, target]);
}
