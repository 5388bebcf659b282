import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionView, ErrorScope, HealthView, JobView, SettingsView } from '../../../preload/contract';
import { withSample, type Sample } from '../features/jobs/throughput';

export type View = 'imports' | 'batches' | 'errors' | 'sources' | 'settings';

export interface AppState {
  jobs: Record<string, JobView>;
  /** Each job's recent progress, for its rows per second, time left and chart. */
  samples: Record<string, Sample[]>;
  /** null until main has answered getSettings. */
  settings: SettingsView | null;
  /** The latest failure the user should see, in words; null when there is nothing to report. */
  notice: string | null;
  /** Whether the configured MongoDB answers; null until main has said. */
  connection: ConnectionView | null;
  /** The app's memory, for the memory-pressure alert; null until main has said. */
  health: HealthView | null;
  view: View;
  /** Whose error rows the Errors view shows; null until the user picks a batch or job. */
  errorScope: ErrorScope | null;
  upsertJobs: (jobs: readonly JobView[]) => void;
  setSettings: (settings: SettingsView) => void;
  setConnection: (connection: ConnectionView) => void;
  setHealth: (health: HealthView) => void;
  showNotice: (text: string) => void;
  dismissNotice: () => void;
  setView: (view: View) => void;
  showErrors: (scope: ErrorScope) => void;
}

export const useAppStore = create<AppState>()((set) => ({
  jobs: {},
  samples: {},
  settings: null,
  notice: null,
  connection: null,
  health: null,
  view: 'imports',
  errorScope: null,
  upsertJobs: (incoming) => {
    set((state) => {
      const jobs = { ...state.jobs };
      const samples = { ...state.samples };
      const now = Date.now();
      for (const job of incoming) {
        const current = jobs[job.id];
        // listJobs() can resolve after a newer 'job' event; never let the older snapshot win.
        if (current && current.updatedAt > job.updatedAt) continue;
        jobs[job.id] = job;
        samples[job.id] = withSample(samples[job.id] ?? [], job, now);
      }
      return { jobs, samples };
    });
  },
  setSettings: (settings) => {
    set({ settings });
  },
  setConnection: (connection) => {
    set({ connection });
  },
  setHealth: (health) => {
    set({ health });
  },
  showNotice: (text) => {
    set({ notice: text });
  },
  dismissNotice: () => {
    set({ notice: null });
  },
  setView: (view) => {
    set({ view });
  },
  showErrors: (scope) => {
    set({ view: 'errors', errorScope: scope });
  },
}));

const newestFirst = (a: JobView, b: JobView): number =>
  b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

export const selectJobList = (state: AppState): JobView[] => Object.values(state.jobs).sort(newestFirst);

/** Jobs newest first; re-renders only when a job object actually changes. */
export const useJobList = (): JobView[] => useAppStore(useShallow(selectJobList));
