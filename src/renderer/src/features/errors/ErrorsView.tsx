import { useAppStore } from '../../store/app-store';
import { useBatches } from '../batches/useBatches';
import { ScopePicker } from './ScopePicker';
import { ScopedErrors } from './ScopedErrors';
import { scopeKey } from './error-scope';

export function ErrorsView() {
  const scope = useAppStore((state) => state.errorScope);
  const fileName = useAppStore((state) => (scope?.kind === 'job' ? state.jobs[scope.id]?.fileName : undefined));
  const batches = useBatches();
  return (
    <section className="panel errors-view" aria-labelledby="errors-title">
      <div className="errors-head">
        <h2 id="errors-title" className="panel-title">
          Errors
        </h2>
        {scope !== null && (
          <span className="errors-scope-name" data-testid="error-scope-name">
            {scope.kind === 'batch' ? `Batch ${scope.id}` : `Import ${fileName ?? scope.id}`}
          </span>
        )}
        <ScopePicker scope={scope} batches={batches ?? []} />
      </div>
      {scope === null ? (
        <p className="empty muted" data-testid="errors-no-scope">
          Choose a batch or an import above to review the rows that could not be imported, or use “Review errors” on a
          batch or an import.
        </p>
      ) : (
        // Keyed by scope, so filters, summary and cached pages start over for another batch or job.
        <ScopedErrors key={scopeKey(scope)} scope={scope} />
      )}
    </section>
  );
}
