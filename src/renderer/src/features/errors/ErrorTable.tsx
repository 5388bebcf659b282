import { useState, type ReactNode } from 'react';
import type { ErrorFilter, ErrorRowView, ErrorScope } from '../../../../preload/contract';
import { isFiltered } from './error-scope';
import { PAGE_SIZE, useErrorPages } from './useErrorPages';

/** Every row is this tall (CSS agrees), so a row's place follows from its index alone. */
const ROW_HEIGHT = 28;
/** The scroll area's most rows (CSS max-height agrees); the window rendered is sized for it. */
const VIEWPORT_ROWS = 20;
/** Rows rendered beyond each edge, so a quick scroll shows rows rather than a blank. */
const OVERSCAN = 10;

const COLUMNS = ['File', 'Row', 'Stage', 'Column', 'Value', 'Message', 'Code', 'Raw'] as const;

interface ErrorTableProps {
  scope: ErrorScope;
  filter: ErrorFilter;
  /** Changes when the matching rows may have changed. */
  revision: number;
}

/**
 * The matching error rows, virtualized: only the rows in view (and a margin) are in the DOM, and
 * their pages are fetched as they scroll into view, so 100,000 rows scroll as smoothly as 100.
 */
export function ErrorTable({ scope, filter, revision }: ErrorTableProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const fromRow = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const toRow = Math.floor(scrollTop / ROW_HEIGHT) + VIEWPORT_ROWS + OVERSCAN;
  const { total, pages } = useErrorPages(scope, filter, fromRow, toRow, revision);

  if (total === 0) {
    return (
      <p className="empty muted" data-testid="errors-empty">
        {isFiltered(filter)
          ? 'No error rows match these filters.'
          : 'No error rows: nothing in this batch or import is left failed.'}
      </p>
    );
  }

  // Until main has said how many rows match, a screenful of placeholders stands in for them.
  const count = total ?? VIEWPORT_ROWS;
  const rows: ReactNode[] = [];
  for (let index = fromRow; index < Math.min(toRow, count); index++) {
    const row = pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    rows.push(
      row === undefined ? (
        <PlaceholderRow key={index} index={index} />
      ) : (
        <ErrorRow key={index} index={index} row={row} />
      ),
    );
  }

  return (
    <div
      className="error-table"
      role="table"
      aria-label="Error rows"
      aria-rowcount={total === null ? -1 : total + 1}
      aria-busy={total === null}
      data-testid="error-table"
      // Focusable so the keyboard can scroll it.
      tabIndex={0}
      onScroll={(event) => {
        setScrollTop(event.currentTarget.scrollTop);
      }}
    >
      <div className="error-table-head" role="rowgroup">
        <div className="error-table-row" role="row" aria-rowindex={1}>
          {COLUMNS.map((column) => (
            <div key={column} role="columnheader" className={column === 'Row' ? 'numeric' : undefined}>
              {column}
            </div>
          ))}
        </div>
      </div>
      <div className="error-table-body" role="rowgroup" style={{ height: count * ROW_HEIGHT }}>
        {rows}
      </div>
    </div>
  );
}

/** Header row is 1, so the first error row is 2. */
const rowPosition = (index: number) => ({
  'aria-rowindex': index + 2,
  style: { transform: `translateY(${index * ROW_HEIGHT}px)` },
});

function ErrorRow({ index, row }: { index: number; row: ErrorRowView }) {
  return (
    <div
      className="error-table-row"
      role="row"
      data-testid="error-row"
      data-row-no={row.rowNo ?? undefined}
      {...rowPosition(index)}
    >
      <Cell text={row.fileName} />
      <Cell text={row.rowNo?.toLocaleString() ?? null} className="numeric" />
      <Cell text={row.stage} />
      <Cell text={row.column} />
      <Cell text={row.value} />
      <Cell text={row.message} />
      <Cell text={row.code} />
      <Cell text={row.raw} className="raw" />
    </div>
  );
}

function PlaceholderRow({ index }: { index: number }) {
  return (
    <div className="error-table-row is-loading" role="row" aria-busy="true" {...rowPosition(index)}>
      <div role="cell">Loading…</div>
      {COLUMNS.slice(1).map((column) => (
        <div key={column} role="cell" />
      ))}
    </div>
  );
}

/** Cells clip to one line; the title shows the whole text. */
function Cell({ text, className }: { text: string | null; className?: string }) {
  return (
    <div role="cell" className={className} title={text ?? undefined}>
      {text ?? '—'}
    </div>
  );
}
