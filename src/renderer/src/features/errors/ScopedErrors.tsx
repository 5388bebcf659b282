import { useState } from 'react';
import { ALL_ERRORS, type ErrorFilter, type ErrorScope } from '../../../../preload/contract';
import { useJobRevision } from '../../hooks/useJobRevision';
import { useAppStore } from '../../store/app-store';
import { touchesScope } from './error-scope';
import { ErrorFilters } from './ErrorFilters';
import { ErrorGroups } from './ErrorGroups';
import { ErrorTable } from './ErrorTable';
import { ExportButtons } from './ExportButtons';
import { useErrorSummary } from './useErrorSummary';

/** One scope's error rows: summary, filters, export and the rows themselves. */
export function ScopedErrors({ scope }: { scope: ErrorScope }) {
  const [filter, setFilter] = useState<ErrorFilter>(ALL_ERRORS);
  const revision = useJobRevision((job) =>
    touchesScope(scope, job, scope.kind === 'job' ? useAppStore.getState().jobs[scope.id] : undefined),
  );
  const { summary, loading } = useErrorSummary(scope, filter, revision);
  return (
    <div className="scoped-errors">
      <ErrorGroups
        summary={summary}
        loading={loading}
        filter={filter}
        onToggleGroup={(group) => {
          setFilter((current) => ({ ...current, group: current.group === group ? null : group }));
        }}
      />
      <div className="errors-toolbar">
        <ErrorFilters filter={filter} columns={summary?.columns ?? []} setFilter={setFilter} />
        <ExportButtons scope={scope} filter={filter} empty={summary?.total === 0} />
      </div>
      {/* Keyed by filter, so another filter starts from the top with no pages cached. */}
      <ErrorTable key={JSON.stringify(filter)} scope={scope} filter={filter} revision={revision} />
    </div>
  );
}
