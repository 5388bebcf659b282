import type { KeyboardEvent } from 'react';
import { useAppStore, type View } from '../store/app-store';

export const VIEWS: readonly { view: View; label: string }[] = [
  { view: 'imports', label: 'Imports' },
  { view: 'batches', label: 'Batches' },
  { view: 'errors', label: 'Errors' },
  { view: 'sources', label: 'Sources' },
  { view: 'settings', label: 'Settings' },
];

export const tabId = (view: View): string => `tab-${view}`;
export const panelId = (view: View): string => `panel-${view}`;

/** The view switcher, with the WAI-ARIA tabs keyboard model: one tab stop, arrows move between tabs. */
export function ViewTabs() {
  const current = useAppStore((state) => state.view);
  const setView = useAppStore((state) => state.setView);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = VIEWS.findIndex((entry) => entry.view === current);
    const next = {
      ArrowRight: (index + 1) % VIEWS.length,
      ArrowLeft: (index - 1 + VIEWS.length) % VIEWS.length,
      Home: 0,
      End: VIEWS.length - 1,
    }[event.key];
    const target = next === undefined ? undefined : VIEWS[next];
    if (target === undefined) return;
    event.preventDefault();
    setView(target.view);
    document.getElementById(tabId(target.view))?.focus();
  };

  return (
    <div className="view-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {VIEWS.map(({ view, label }) => (
        <button
          key={view}
          type="button"
          role="tab"
          id={tabId(view)}
          className="view-tab"
          data-testid={`nav-${view}`}
          aria-selected={view === current}
          aria-controls={panelId(view)}
          tabIndex={view === current ? 0 : -1}
          onClick={() => {
            setView(view);
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
