import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { ALL_ERRORS, ERROR_STAGES, type ErrorFilter } from '../../../../preload/contract';
import { isFiltered } from './error-scope';

/** Each filter change queries main again; wait for a pause in typing rather than ask at every key. */
const TEXT_DEBOUNCE_MS = 250;

type Stage = (typeof ERROR_STAGES)[number];
const isStage = (value: string): value is Stage => (ERROR_STAGES as readonly string[]).includes(value);

interface ErrorFiltersProps {
  filter: ErrorFilter;
  columns: readonly string[];
  setFilter: Dispatch<SetStateAction<ErrorFilter>>;
}

export function ErrorFilters({ filter, columns, setFilter }: ErrorFiltersProps) {
  const [text, setText] = useState(filter.text);

  useEffect(() => {
    const timer = setTimeout(() => {
      setFilter((current) => (current.text === text ? current : { ...current, text }));
    }, TEXT_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [text, setFilter]);

  // The summary lists only the columns of the rows it counted; keep the chosen one pickable regardless.
  const columnOptions =
    filter.column === null || columns.includes(filter.column) ? columns : [filter.column, ...columns];

  return (
    <div className="error-filters">
      <div className="inline-field">
        <label htmlFor="error-filter-stage">Stage</label>
        <select
          id="error-filter-stage"
          data-testid="error-filter-stage"
          value={filter.stage ?? ''}
          onChange={(event) => {
            const { value } = event.target;
            setFilter((current) => ({ ...current, stage: isStage(value) ? value : null }));
          }}
        >
          <option value="">All</option>
          {ERROR_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {stage}
            </option>
          ))}
        </select>
      </div>
      <div className="inline-field">
        <label htmlFor="error-filter-column">Column</label>
        <select
          id="error-filter-column"
          data-testid="error-filter-column"
          value={filter.column ?? ''}
          onChange={(event) => {
            const { value } = event.target;
            setFilter((current) => ({ ...current, column: value === '' ? null : value }));
          }}
        >
          <option value="">All</option>
          {columnOptions.map((column) => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </select>
      </div>
      <div className="inline-field">
        <label htmlFor="error-filter-text">Contains</label>
        <input
          id="error-filter-text"
          data-testid="error-filter-text"
          type="search"
          value={text}
          maxLength={200}
          placeholder="message, value or row"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
      </div>
      <button
        type="button"
        className="button-secondary"
        data-testid="error-filter-clear"
        disabled={!isFiltered(filter) && text === ''}
        onClick={() => {
          setText('');
          setFilter(ALL_ERRORS);
        }}
      >
        Clear filters
      </button>
    </div>
  );
}
