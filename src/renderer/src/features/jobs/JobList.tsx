import { useJobList } from '../../store/app-store';
import { JobRow } from './JobRow';

export function JobList() {
  const jobs = useJobList();
  return (
    <section className="panel" aria-labelledby="jobs-title">
      <h2 id="jobs-title" className="panel-title">
        Imports
      </h2>
      {jobs.length === 0 ? (
        <p className="empty muted" data-testid="jobs-empty">
          No imports yet. Drop a CSV, Excel or JSON file above to start an import.
        </p>
      ) : (
        <ul className="job-list" data-testid="job-list">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} />
          ))}
        </ul>
      )}
    </section>
  );
}
