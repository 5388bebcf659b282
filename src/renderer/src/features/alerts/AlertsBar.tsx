import { useEffect, useMemo, useState } from 'react';
import { useJobList, useAppStore } from '../../store/app-store';
import { activeAlerts } from './alerts';

/** How often stalled jobs are looked for: a minute without progress is the threshold. */
const TICK_MS = 5000;

/** Large batches, high error rates, stalled jobs and memory pressure, until dismissed. */
export function AlertsBar() {
  const jobs = useJobList();
  const health = useAppStore((state) => state.health);
  const [now, setNow] = useState(() => Date.now());
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, TICK_MS);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const alerts = useMemo(
    () => activeAlerts(jobs, health, now).filter((alert) => !dismissed.has(alert.key)),
    [jobs, health, now, dismissed],
  );
  if (alerts.length === 0) return null;
  return (
    <ul className="alerts" aria-label="Alerts">
      {alerts.map((alert) => (
        <li key={alert.key} className={`alert alert-${alert.kind}`} data-testid="alert" data-kind={alert.kind}>
          <span role="status">{alert.text}</span>
          <button
            type="button"
            className="button-quiet"
            aria-label={`Dismiss: ${alert.text}`}
            onClick={() => {
              setDismissed((current) => new Set(current).add(alert.key));
            }}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
