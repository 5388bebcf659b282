import { useState } from 'react';
import { DEFAULT_SOURCE_NAME, FINAL_JOB_STATES, type JobView } from '../../../../preload/contract';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../store/app-store';
import { STATE_LABELS, STATE_TONES, jobProgress, totalChunks } from './job-format';
import { JobMetrics } from './JobMetrics';

type JobAction = 'cancelJob' | 'pauseJob' | 'resumeJob' | 'retryFailedRows';

const ACTIONS: Record<JobAction, { label: string; busy: string; verb: string; testId: string }> = {
  cancelJob: { label: 'Cancel', busy: 'Cancelling…', verb: 'Cancel the import of', testId: 'cancel-job' },
  pauseJob: { label: 'Pause', busy: 'Pausing…', verb: 'Pause the import of', testId: 'pause-job' },
  resumeJob: { label: 'Resume', busy: 'Resuming…', verb: 'Resume the import of', testId: 'resume-job' },
  retryFailedRows: {
    label: 'Retry failed rows',
    busy: 'Retrying…',
    verb: 'Send again the rows MongoDB refused or never got in',
    testId: 'retry-job',
  },
};

/** Which actions a job in this state offers. */
function actionsFor(job: JobView): JobAction[] {
  // Rows that failed to write can be sent again once the cause is fixed in MongoDB; rows that
  // failed validation need a corrected file instead. A job that failed before its file was read
  // through (no digest yet: the disk filled up, say) reads it again.
  if (FINAL_JOB_STATES.has(job.state)) {
    const readAgain = job.state === 'failed' && job.fileSha256 === null;
    return job.rowsRetryable > 0 || readAgain ? ['retryFailedRows'] : [];
  }
  return job.state === 'paused' ? ['resumeJob', 'cancelJob'] : ['pauseJob', 'cancelJob'];
}

function JobActionButton({ job, action }: { job: JobView; action: JobAction }) {
  const [busy, setBusy] = useState(false);
  const upsertJobs = useAppStore((state) => state.upsertJobs);
  const showNotice = useAppStore((state) => state.showNotice);
  const { label, verb, testId } = ACTIONS[action];
  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      upsertJobs([await window.api[action](job.id)]);
    } catch (error) {
      showNotice(`Could not ${label.toLowerCase()} ${job.fileName}: ${errorMessage(error)}`);
    }
    setBusy(false);
  };
  return (
    <button
      type="button"
      className="button-secondary"
      data-testid={testId}
      aria-label={`${verb} ${job.fileName}`}
      disabled={busy}
      onClick={() => void run()}
    >
      {busy ? ACTIONS[action].busy : label}
    </button>
  );
}

const count = new Intl.NumberFormat();

function ReviewErrorsButton({ job }: { job: JobView }) {
  const showErrors = useAppStore((state) => state.showErrors);
  return (
    <button
      type="button"
      className="button-secondary"
      data-testid="job-errors"
      aria-label={`Review errors of ${job.fileName}`}
      onClick={() => {
        showErrors({ kind: 'job', id: job.id });
      }}
    >
      Review errors
    </button>
  );
}

export function JobRow({ job }: { job: JobView }) {
  const progress = jobProgress(job);
  const tone = STATE_TONES[job.state];
  const parentFileName = useAppStore((state) =>
    job.parentJobId === null ? undefined : state.jobs[job.parentJobId]?.fileName,
  );
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
        {parentFileName !== undefined && (
          <span className="job-retry-of muted" data-testid="job-retry-of">
            retry of {parentFileName}
          </span>
        )}
        <span className="job-target muted">
          {job.sourceName === DEFAULT_SOURCE_NAME ? '' : `${job.sourceName} → `}
          {job.database}.{job.collection}
        </span>
        <span className={`badge tone-${tone}`} data-testid="job-state">
          {STATE_LABELS[job.state]}
        </span>
        {actionsFor(job).map((action) => (
          <JobActionButton key={action} job={job} action={action} />
        ))}
        {job.rowsFailed > 0 && <ReviewErrorsButton job={job} />}
      </div>
      <progress
        className={`job-progress tone-${tone}`}
        value={progress.value}
        max={progress.max}
        aria-label={`Progress of ${job.fileName}`}
      />
      <JobMetrics job={job} />
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
        {job.rowsSuperseded > 0 && (
          <div title="MongoDB holds newer work on these entities (queued later, on any machine): these rows were not sent">
            <dt>Superseded</dt>
            <dd data-testid="rows-superseded">{count.format(job.rowsSuperseded)}</dd>
          </div>
        )}
        {job.rowsRecovered > 0 && (
          <div>
            <dt>Recovered</dt>
            <dd data-testid="rows-recovered">{count.format(job.rowsRecovered)}</dd>
          </div>
        )}
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
