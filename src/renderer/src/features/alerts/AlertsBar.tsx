import { useMemo, useState } from 'react';
import { useNow } from '../../hooks/useNow';
import { useJobList, useAppStore } from '../../store/app-store';
import { activeAlerts } from './alerts';

/** How often stalled jobs are looked for: a minute without progress is the threshold. */
const TICK_MS = 5000;

/** Large batches, high error rates, stalled jobs and memory pressure, until dismissed. */
export function AlertsBar() {
  const jobs = useJobList();
  const health = useAppStore((state) => state.health);
  const now = useNow(TICK_MS);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const active = useMemo(() => activeAlerts(jobs, health, now), [jobs, health, now]);
  // A dismissal lasts while its alert does: memory pressure that comes back is shown again.
  const current = new Set(active.map((alert) => alert.key));
  if ([...dismissed].some((key) => !current.has(key))) {
    setDismissed(new Set([...dismissed].filter((key) => current.has(key))));
  }
  const alerts = active.filter((alert) => !dismissed.has(alert.key));
  // The list stays in the page, empty, so that screen readers announce alerts as they come.
  return (
    <ul className="alerts" aria-label="Alerts" aria-live="polite">
      {alerts.map((alert) => (
        <li key={alert.key} className={`alert alert-${alert.kind}`} data-testid="alert" data-kind={alert.kind}>
          <span>{alert.text}</span>
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
