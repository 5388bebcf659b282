import type { JobView } from '../../../../preload/contract';
import { STATE_LABELS, STATE_TONES, jobProgress, totalChunks } from './job-format';

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
        <span className="job-target muted">
          {job.database}.{job.collection}
        </span>
        <span className={`badge tone-${tone}`} data-testid="job-state">
          {STATE_LABELS[job.state]}
        </span>
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
      {job.message !== null && job.message !== '' && (
        <p className={`job-message tone-${tone}`} data-testid="job-message">
          {job.message}
        </p>
      )}
    </li>
  );
}
