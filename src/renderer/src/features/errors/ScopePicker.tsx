import { useShallow } from 'zustand/react/shallow';
import type { BatchView, ErrorScope } from '../../../../preload/contract';
import { selectJobList, useAppStore } from '../../store/app-store';
import { parseScopeKey, scopeKey } from './error-scope';

interface ScopePickerProps {
  scope: ErrorScope | null;
  batches: readonly BatchView[];
}

export function ScopePicker({ scope, batches }: ScopePickerProps) {
  const showErrors = useAppStore((state) => state.showErrors);
  const failedJobs = useAppStore(useShallow((state) => selectJobList(state).filter((job) => job.rowsFailed > 0)));
  const scopeName = useAppStore((state) => (scope?.kind === 'job' ? state.jobs[scope.id]?.fileName : undefined));
  const listed =
    scope === null ||
    (scope.kind === 'batch'
      ? batches.some((batch) => batch.id === scope.id)
      : failedJobs.some((job) => job.id === scope.id));
  return (
    <div className="inline-field">
      <label htmlFor="error-scope">Show errors of</label>
      <select
        id="error-scope"
        data-testid="error-scope"
        value={scope === null ? '' : scopeKey(scope)}
        onChange={(event) => {
          const picked = parseScopeKey(event.target.value);
          if (picked !== null) showErrors(picked);
        }}
      >
        <option value="" disabled>
          Choose a batch or import…
        </option>
        {/* A scope reached from a link may not be listed (yet): keep it selectable rather than show a blank. */}
        {!listed && (
          <option value={scopeKey(scope)}>
            {scope.kind === 'batch' ? `Batch ${scope.id}` : (scopeName ?? scope.id)}
          </option>
        )}
        {batches.length > 0 && (
          <optgroup label="Batches">
            {batches.map((batch) => (
              <option key={batch.id} value={scopeKey({ kind: 'batch', id: batch.id })}>
                {batch.id} · {batch.sourceName} · {batch.rowsFailed.toLocaleString()} failed
              </option>
            ))}
          </optgroup>
        )}
        {failedJobs.length > 0 && (
          <optgroup label="Imports with failed rows">
            {failedJobs.map((job) => (
              <option key={job.id} value={scopeKey({ kind: 'job', id: job.id })}>
                {job.fileName} · {job.rowsFailed.toLocaleString()} failed
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}
