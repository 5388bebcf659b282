import type { ConnectionView } from '../../../preload/contract';
import { useAppStore } from '../store/app-store';

const LABELS: Record<ConnectionView['state'], string> = {
  online: 'MongoDB online',
  offline: 'MongoDB offline: imports wait and sync when it is back',
  not_configured: 'No MongoDB configured: imports are queued locally',
};

const TONES: Record<ConnectionView['state'], string> = { online: 'ok', offline: 'warn', not_configured: 'neutral' };

/** Whether the configured server answers, so a waiting job is never a mystery. */
export function ConnectionStatus() {
  const connection = useAppStore((state) => state.connection);
  if (connection === null) return null;
  const detail = [connection.server, connection.message].filter(Boolean).join(': ');
  return (
    <span
      className={`badge connection-status tone-${TONES[connection.state]}`}
      role="status"
      data-testid="connection"
      data-state={connection.state}
      title={detail || undefined}
    >
      {LABELS[connection.state]}
    </span>
  );
}
