import { BatchGroup } from './BatchGroup';
import { useBatches } from './useBatches';

export function BatchesView() {
  const batches = useBatches();
  return (
    <section className="panel" aria-labelledby="batches-title" aria-busy={batches === null}>
      <h2 id="batches-title" className="panel-title">
        Batches
      </h2>
      {batches === null && <p className="empty muted">Loading batches…</p>}
      {batches?.length === 0 && (
        <p className="empty muted" data-testid="batches-empty">
          No batches yet. Import files on the Imports tab; files that name a batch (or give a batch ID under “Batch
          (optional)”) and files of one source imported close together are grouped here.
        </p>
      )}
      {batches !== null && batches.length > 0 && (
        <ul className="batch-list" data-testid="batch-list">
          {batches.map((batch) => (
            <BatchGroup key={batch.id} batch={batch} />
          ))}
        </ul>
      )}
    </section>
  );
}
