import { FINAL_JOB_STATES, type JobView } from '../../../../preload/contract';
import { useNow } from '../../hooks/useNow';
import { useAppStore } from '../../store/app-store';
import { elapsedMs, formatDuration, rateSeries, rowsPerSecond, secondsLeft, type Sample } from './throughput';

const NO_SAMPLES: Sample[] = [];
const rate = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** Rows per second, time left, elapsed time and a small chart of the rate. */
export function JobMetrics({ job }: { job: JobView }) {
  const samples = useAppStore((state) => state.samples[job.id] ?? NO_SAMPLES);
  const running = !FINAL_JOB_STATES.has(job.state);
  const now = useNow(1000, running);
  const perSecond = running ? rowsPerSecond(samples) : null;
  const left = secondsLeft(job, perSecond);
  return (
    <div className="job-metrics">
      <span>
        <span className="muted">Rate </span>
        <span data-testid="job-rate">{perSecond === null ? '—' : `${rate.format(perSecond)} rows/s`}</span>
      </span>
      <span>
        <span className="muted">Time left </span>
        <span data-testid="job-eta">{left === null ? '—' : formatDuration(left * 1000)}</span>
      </span>
      <span>
        <span className="muted">Elapsed </span>
        <span data-testid="job-elapsed">{formatDuration(elapsedMs(job, now))}</span>
      </span>
      {running && <RateChart series={rateSeries(samples)} label={`Rows per second of ${job.fileName}`} />}
    </div>
  );
}

const WIDTH = 120;
const HEIGHT = 24;

/** A sparkline of the rate: drawn from the samples alone, no chart library. */
function RateChart({ series, label }: { series: number[]; label: string }) {
  if (series.length < 2) return null;
  const top = Math.max(...series, 1);
  const step = WIDTH / (series.length - 1);
  const points = series.map((value, i) => `${(i * step).toFixed(1)},${(HEIGHT - (value / top) * HEIGHT).toFixed(1)}`);
  return (
    <svg
      className="rate-chart"
      data-testid="throughput-chart"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
