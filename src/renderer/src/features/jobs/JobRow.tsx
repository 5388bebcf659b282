import { useState } from 'react';
import { DEFAULT_SOURCE_NAME, FINAL_JOB_STATES, type JobView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { STATE_LABELS, STATE_TONES, jobProgress, totalChunks } from './job-format';

function CancelButton({ job }: { job: JobView }) {
  const [cancelling, setCancelling] = useState(false);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const showNotice = useAppStore((state) => state.showNotice);
  const cancel = async (): Promise<void> => {
    setCancelling(true);
    try {
      upsertJobs([await window.api.cancelJob(job.id)]);
    } catch (error) {
      showNotice(`Could not cancel ${job.fileName}: ${errorMessage(error)}`);
      setCancelling(false);
    }
  };
  return (
    <button
      type="button"
      className="button-secondary"
      data-testid="cancel-job"
      aria-label={`Cancel the import of ${job.fileName}`}
      disabled={cancelling}
      onClick={() => void cancel()}
    >
      {cancelling ? 'Cancelling…' : 'Cancel'}
    </button>
  );
}

const count = new Intl.NumberFormat();

export function JobRow({ job }: { job: JobView }) {
  const progress = jobProgress(job);
  const tone = STATE_TONES[job.state];
  return (
    <li
      className="job-row"
      data-testid="job-row"
      data-job-id={job.id}
      data-state={job.state}
      aria-label={`${job.fileName}: ${STATE_LABELS[job.state]}`}
    >
      <div className="job-head">
        <span className="job-name" title={job.filePath}>
          {job.fileName}
        </span>
        {job.batchPart !== null && job.batchTotalParts !== null && (
          <span className="badge tone-neutral" data-testid="job-part">
            Part {job.batchPart} of {job.batchTotalParts}
          </span>
        )}
        <span className="job-target muted">
          {job.sourceName === DEFAULT_SOURCE_NAME ? '' : `${job.sourceName} → `}
          {job.database}.{job.collection}
        </span>
        <span className={`badge tone-${tone}`} data-testid="job-state">
          {STATE_LABELS[job.state]}
        </span>
        {!FINAL_JOB_STATES.has(job.state) && <CancelButton job={job} />}
      </div>
      <progress
        className={`job-progress tone-${tone}`}
        value={progress.value}
        max={progress.max}
        aria-label={`Progress of ${job.fileName}`}
      />
      <dl className="job-counts">
        <div>
          <dt>Rows read</dt>
          <dd data-testid="rows-read">{count.format(job.rowsParsed)}</dd>
        </div>
        <div>
          <dt>Written</dt>
          <dd data-testid="rows-written">{count.format(job.rowsWritten)}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd data-testid="rows-unchanged">{count.format(job.rowsUnchanged)}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-testid="rows-failed" className={job.rowsFailed > 0 ? 'has-failures' : undefined}>
            {count.format(job.rowsFailed)}
          </dd>
        </div>
        <div>
          <dt>Chunks</dt>
          <dd data-testid="chunks">
            {count.format(job.chunksWritten)} / {count.format(totalChunks(job))}
          </dd>
        </div>
      </dl>
      {job.alert !== null && (
        <p className="job-message tone-warn" role="status" data-testid="job-alert">
          {job.alert}
        </p>
      )}
      {job.message !== null && job.message !== '' && (
        <p className={`job-message tone-${tone}`} data-testid="job-message">
          {job.message}
        </p>
      )}
    </li>
  );
}
