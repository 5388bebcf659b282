import { useShallow } from 'zustand/react/shallow';
import type { BatchView, ErrorScope, JobView } from '../../../../preload/contract';
import { selectJobList, useAppStore, type AppState } from '../../store/app-store';
import { parseScopeKey, scopeKey } from './error-scope';

interface ScopePickerProps {
  scope: ErrorScope | null;
  batches: readonly BatchView[];
}

/**
 * Imports with failed rows, a file once: a file split by size is one scope, under its own job,
 * whichever of its parts the rows failed in.
 */
function selectFilesWithFailures(state: AppState): JobView[] {
  const jobs = selectJobList(state);
  const failing = new Set(jobs.filter((job) => job.rowsFailed > 0).map((job) => job.batchId ?? job.id));
  return jobs.filter((job) => (job.batchPart ?? 1) === 1 && failing.has(job.batchId ?? job.id));
}

export function ScopePicker({ scope, batches }: ScopePickerProps) {
  const showErrors = useAppStore((state) => state.showErrors);
  const failedJobs = useAppStore(useShallow(selectFilesWithFailures));
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
                {job.fileName}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </div>
  );
}
