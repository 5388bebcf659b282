import { useId, useState } from 'react';
import type { BatchView } from '../../../../preload/contract';
import { Timestamp } from '../../components/Timestamp';
import { useAppStore } from '../../store/app-store';
import { BatchParts } from './BatchParts';
import { BATCH_STATE_LABELS, BATCH_STATE_TONES, ORIGIN_LABELS, missingParts, partsReceived } from './batch-format';

export function BatchGroup({ batch }: { batch: BatchView }) {
  const [open, setOpen] = useState(false);
  const showErrors = useAppStore((state) => state.showErrors);
  const partsId = useId();
  const missing = missingParts(batch);
  return (
    <li
      className="batch-group"
      data-testid="batch-group"
      data-batch-id={batch.id}
      data-state={batch.state}
      aria-label={`Batch ${batch.id}: ${BATCH_STATE_LABELS[batch.state]}`}
    >
      <div className="batch-head">
        <span className="batch-id" title={batch.id}>
          {batch.id}
        </span>
        <span className={`badge tone-${BATCH_STATE_TONES[batch.state]}`} data-testid="batch-state">
          {BATCH_STATE_LABELS[batch.state]}
        </span>
        <span className="batch-meta muted">
          {batch.sourceName} · <span data-testid="batch-origin">{ORIGIN_LABELS[batch.origin]}</span>
        </span>
        <span className="batch-updated muted">
          Updated <Timestamp iso={batch.updatedAt} />
        </span>
        <button
          type="button"
          className="button-secondary"
          data-testid="batch-errors"
          aria-label={`Review errors of batch ${batch.id}`}
          onClick={() => {
            showErrors({ kind: 'batch', id: batch.id });
          }}
        >
          Review errors
        </button>
        <button
          type="button"
          className="button-secondary"
          data-testid="batch-toggle"
          aria-expanded={open}
          aria-controls={open ? partsId : undefined}
          aria-label={`${open ? 'Hide' : 'Show'} parts of batch ${batch.id}`}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {open ? 'Hide parts' : 'Show parts'}
        </button>
      </div>
      <div className="batch-summary">
        <span className="batch-received" data-testid="batch-parts-received">
          {partsReceived(batch)}
        </span>
        {missing !== null && (
          <span className="batch-missing" data-testid="batch-missing">
            {missing}
          </span>
        )}
        <BatchTotals batch={batch} />
      </div>
      {batch.problems.length > 0 && (
        <ul className="batch-problems" aria-label={`Problems of batch ${batch.id}`}>
          {batch.problems.map((problem) => (
            <li key={problem} data-testid="batch-problem">
              {problem}
            </li>
          ))}
        </ul>
      )}
      {open && <BatchParts id={partsId} batch={batch} />}
    </li>
  );
}

function BatchTotals({ batch }: { batch: BatchView }) {
  return (
    <dl className="job-counts">
      {batch.totalItems !== null && (
        <div>
          <dt>Items declared</dt>
          <dd data-testid="batch-total-items">{batch.totalItems.toLocaleString()}</dd>
        </div>
      )}
      <div>
        <dt>Rows read</dt>
        <dd data-testid="batch-read">{batch.rowsParsed.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Written</dt>
        <dd data-testid="batch-written">{batch.rowsWritten.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Unchanged</dt>
        <dd data-testid="batch-unchanged">{batch.rowsUnchanged.toLocaleString()}</dd>
      </div>
      <div>
        <dt>Failed</dt>
        <dd
          data-testid="batch-failed"
          // Failures a retry recovered since are history, not a warning.
          className={batch.rowsFailed > batch.rowsRecovered ? 'has-failures' : undefined}
        >
          {batch.rowsFailed.toLocaleString()}
        </dd>
      </div>
      <div>
        <dt>Recovered</dt>
        <dd data-testid="batch-recovered">{batch.rowsRecovered.toLocaleString()}</dd>
      </div>
    </dl>
  );
}
