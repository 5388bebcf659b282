import type { ErrorFilter, ErrorSummary } from '../../../../preload/contract';
import { isFiltered } from './error-scope';

interface ErrorGroupsProps {
  summary: ErrorSummary | null;
  loading: boolean;
  filter: ErrorFilter;
  onToggleGroup: (group: string) => void;
}

/** How many rows failed, and for which reasons: a reason is a button that narrows the rows to it. */
export function ErrorGroups({ summary, loading, filter, onToggleGroup }: ErrorGroupsProps) {
  return (
    <div className="error-summary" aria-busy={loading}>
      <p className="error-total-line" aria-live="polite">
        {summary === null ? (
          <span className="muted">Counting error rows…</span>
        ) : (
          <>
            <span className="error-total" data-testid="error-total">
              {summary.total.toLocaleString()}
            </span>{' '}
            <span className="muted">
              {summary.total === 1 ? 'error row' : 'error rows'}
              {isFiltered(filter) ? ' match the filters' : ''}
            </span>
          </>
        )}
      </p>
      {summary !== null && summary.groups.length > 0 && (
        <ul className="error-groups" aria-label="Error rows by message">
          {summary.groups.map((group) => (
            <li key={`${group.stage} ${group.group}`}>
              <button
                type="button"
                className="error-group"
                data-testid="error-group"
                data-stage={group.stage}
                aria-pressed={filter.group === group.group}
                title={`${group.stage} stage: ${filter.group === group.group ? 'show every message' : 'show only these rows'}`}
                onClick={() => {
                  onToggleGroup(group.group);
                }}
              >
                {group.count.toLocaleString()} rows: {group.group}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
