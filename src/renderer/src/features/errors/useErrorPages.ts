import { useEffect, useRef, useState } from 'react';
import type { ErrorFilter, ErrorRowView, ErrorScope } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';

export const PAGE_SIZE = 500;

/** Pages flown past while the scrollbar is dragged are not worth a call: wait for scrolling to settle. */
const FETCH_DELAY_MS = 80;

export interface ErrorPages {
  /** Rows matching, as main last said; null until the first page arrives. */
  total: number | null;
  /** Loaded pages by page index. */
  pages: ReadonlyMap<number, ErrorRowView[]>;
}

/**
 * Loads, page by page, the error rows from `fromRow` up to (not including) `toRow`, keeping every page
 * loaded. The caller remounts its component for another scope or filter, which drops the cache;
 * when `revision` changes (rows failed or were recovered meanwhile) the pages in view are asked
 * for again, the old ones shown until the new ones arrive.
 */
export function useErrorPages(
  scope: ErrorScope,
  filter: ErrorFilter,
  fromRow: number,
  toRow: number,
  revision: number,
): ErrorPages {
  const [total, setTotal] = useState<number | null>(null);
  const [pages, setPages] = useState<ReadonlyMap<number, ErrorRowView[]>>(() => new Map());
  // Pages loaded or on their way; a page that failed is taken out so scrolling back asks again.
  const requested = useRef(new Set<number>());
  const loadedAt = useRef(revision);
  // The revision each shown page (and the total) was read at: an older answer arriving late loses.
  const shownAt = useRef(new Map<number, number>());
  const totalAt = useRef(-1);

  const end = total === null ? PAGE_SIZE : Math.min(toRow, total);
  const firstPage = Math.floor(fromRow / PAGE_SIZE);
  const lastPage = Math.floor((Math.max(end, fromRow + 1) - 1) / PAGE_SIZE);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (loadedAt.current !== revision) {
        loadedAt.current = revision;
        requested.current.clear();
      }
      for (let index = firstPage; index <= lastPage; index++) {
        if (requested.current.has(index)) continue;
        requested.current.add(index);
        window.api.listErrors(scope, filter, index * PAGE_SIZE, PAGE_SIZE).then(
          (page) => {
            if (revision >= totalAt.current) {
              totalAt.current = revision;
              setTotal(page.total);
            }
            if (revision < (shownAt.current.get(index) ?? -1)) return;
            shownAt.current.set(index, revision);
            setPages((loaded) => new Map(loaded).set(index, page.rows));
          },
          (error: unknown) => {
            requested.current.delete(index);
            useAppStore.getState().showNotice(`Could not load error rows: ${errorMessage(error)}`);
          },
        );
      }
    }, FETCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [scope, filter, firstPage, lastPage, revision]);

  return { total, pages };
}
