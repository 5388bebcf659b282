import { create } from 'zustand';
import type { ColumnRule, FilePreview } from '../../../../preload/contract';

/** A file dropped or chosen, waiting in the Import view for the user to check its preview and start it. */
export interface PendingFile {
  path: string;
  name: string;
  /** The latest preview main gave; kept while a newer one is on its way, so the view does not flicker. */
  preview: FilePreview | null;
  /** The preview under the source's own mapping: what the user's edits are told apart from. */
  original: FilePreview | null;
  /** Why main could not preview it (no target set, a mapping it refuses). */
  failure: string | null;
  loading: boolean;
  /** The mapping as the user edited it; null: as the source maps the file. */
  rules: ColumnRule[] | null;
}

interface ImportState {
  files: PendingFile[];
  /** The source files are previewed and imported under; null: the default source from Settings. */
  sourceId: string | null;
  add: (paths: readonly string[]) => void;
  remove: (path: string) => void;
  setRules: (path: string, rules: ColumnRule[] | null) => void;
  previewing: (path: string) => void;
  /** `edited`: the preview was of the user's rules rather than the source's mapping. */
  previewed: (path: string, result: { preview: FilePreview } | { failure: string }, edited: boolean) => void;
  setSource: (sourceId: string | null) => void;
}

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

const update = (files: PendingFile[], path: string, change: Partial<PendingFile>): PendingFile[] =>
  files.map((file) => (file.path === path ? { ...file, ...change } : file));

export const useImportStore = create<ImportState>()((set) => ({
  files: [],
  sourceId: null,
  add: (paths) => {
    set((state) => {
      const known = new Set(state.files.map((file) => file.path));
      const added = [...new Set(paths)]
        .filter((path) => !known.has(path))
        .map((path) => ({
          path,
          name: fileName(path),
          preview: null,
          original: null,
          failure: null,
          loading: true,
          rules: null,
        }));
      return { files: [...state.files, ...added] };
    });
  },
  remove: (path) => {
    set((state) => ({ files: state.files.filter((file) => file.path !== path) }));
  },
  setRules: (path, rules) => {
    set((state) => ({ files: update(state.files, path, { rules }) }));
  },
  previewing: (path) => {
    set((state) => ({ files: update(state.files, path, { loading: true }) }));
  },
  previewed: (path, result, edited) => {
    set((state) => ({
      files: update(state.files, path, {
        loading: false,
        ...('preview' in result
          ? { preview: result.preview, failure: null, ...(!edited && { original: result.preview }) }
          : { failure: result.failure }),
      }),
    }));
  },
  setSource: (sourceId) => {
    // Edits were made against the other source's mapping: the new source maps the files afresh.
    set((state) =>
      sourceId === state.sourceId ? state : { sourceId, files: state.files.map((file) => ({ ...file, rules: null })) },
    );
  },
}));

/** Whether a file can be started: previewed, and nothing stops it from being imported at all. */
export const isReady = (file: PendingFile): boolean =>
  !file.loading && file.failure === null && file.preview !== null && file.preview.problem === null;
