import type { BatchPartView, BatchView, JobView } from '../../../../preload/contract';
import { Timestamp } from '../../components/Timestamp';
import { STATE_LABELS, STATE_TONES } from '../jobs/job-format';

/** The parts received, one row each, and the retries of the batch's exported error rows. */
const COUNT_COLUMNS = ['Read', 'Written', 'Unchanged', 'Failed', 'Recovered'] as const;

export function BatchParts({ id, batch }: { id: string; batch: BatchView }) {
  return (
    <div id={id} className="batch-parts">
      {batch.parts.length === 0 ? (
        <p className="muted">No part has arrived yet.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Parts of batch {batch.id}</caption>
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col">File</th>
              <th scope="col">State</th>
              {COUNT_COLUMNS.map((label) => (
                <th key={label} scope="col" className="numeric">
                  {label}
                </th>
              ))}
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {batch.parts.map((part) => (
              <PartRow key={part.part} part={part} />
            ))}
          </tbody>
        </table>
      )}
      {batch.retries.length > 0 && <Retries retries={batch.retries} />}
    </div>
  );
}

function PartRow({ part }: { part: BatchPartView }) {
  return (
    <tr data-testid="batch-part" data-part={part.part}>
      <td className="numeric">{part.part.toLocaleString()}</td>
      <td>
        <span className="cell-text" title={part.fileName}>
          {part.fileName}
        </span>
        {part.resends > 0 && (
          <span
            className="badge tone-neutral batch-resent"
            data-testid="batch-resent"
            title={`Replaced ${part.resends.toLocaleString()} earlier ${part.resends === 1 ? 'file' : 'files'} sent for this part`}
          >
            re-sent
          </span>
        )}
        {part.jobs.length > 1 && <span className="muted"> split in {part.jobs.length.toLocaleString()}</span>}
      </td>
      <td>
        <span className={`badge tone-${STATE_TONES[part.state]}`}>{STATE_LABELS[part.state]}</span>
      </td>
      <td className="numeric">{part.rowsParsed.toLocaleString()}</td>
      <td className="numeric">{part.rowsWritten.toLocaleString()}</td>
      <td className="numeric">{part.rowsUnchanged.toLocaleString()}</td>
      <td className={part.rowsFailed > part.rowsRecovered ? 'numeric has-failures' : 'numeric'}>
        {part.rowsFailed.toLocaleString()}
      </td>
      <td className="numeric">{part.rowsRecovered.toLocaleString()}</td>
      <td>
        <Timestamp iso={part.updatedAt} />
      </td>
    </tr>
  );
}

function Retries({ retries }: { retries: JobView[] }) {
  return (
    <div className="batch-retries">
      <h3 className="subhead">Retries of exported error rows</h3>
      <ul>
        {retries.map((job) => (
          <li key={job.id} data-testid="batch-retry">
            <span className="cell-text" title={job.filePath}>
              {job.fileName}
            </span>
            <span className={`badge tone-${STATE_TONES[job.state]}`}>{STATE_LABELS[job.state]}</span>
            <span className="muted">
              written {job.rowsWritten.toLocaleString()}, failed {job.rowsFailed.toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
