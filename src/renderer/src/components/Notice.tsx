import { useAppStore } from '../store/app-store';

export function Notice() {
  const notice = useAppStore((state) => state.notice);
  const dismiss = useAppStore((state) => state.dismissNotice);
  if (notice === null) return null;
  return (
    <div className="notice" role="alert" data-testid="notice">
      <span>{notice}</span>
      <button type="button" className="button-quiet" onClick={dismiss} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}
