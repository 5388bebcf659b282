import { describe, expect, it } from 'vitest';
import { HealthMonitor } from '../../src/main/core/health';
import type { HealthView, JobView } from '../../src/preload/contract';
import { activeAlerts, STALL_MS } from '../../src/renderer/src/features/alerts/alerts';

const at = Date.parse('2026-11-30T10:00:00.000Z');
const job = (changes: Partial<JobView>): JobView =>
  ({
    id: 'j1',
    fileName: 'catalog.csv',
    state: 'completed',
    rowsParsed: 100,
    rowsFailed: 0,
    alert: null,
    batchPart: null,
    updatedAt: new Date(at).toISOString(),
    ...changes,
  }) as JobView;

describe('alerts', () => {
  it('flags an error rate above 10%, a stalled job, a large batch once per file, and memory pressure', () => {
    const health: HealthView = { rssMb: 1600, thresholdMb: 1536, memoryPressure: true };
    const alerts = activeAlerts(
      [
        job({ rowsFailed: 11 }),
        job({ id: 'j2', rowsFailed: 10 }),
        job({ id: 'j3', fileName: 'slow.csv', state: 'syncing' }),
        job({ id: 'j4', fileName: 'big.csv', alert: 'Large batch: 12,000 rows', batchPart: 1 }),
        job({ id: 'j5', fileName: 'big.csv', alert: 'Large batch: 12,000 rows', batchPart: 2 }),
      ],
      health,
      at + STALL_MS + 1,
    );
    expect(alerts.map((a) => [a.key, a.text])).toEqual([
      [
        'memory',
        'Memory pressure: the app uses 1,600 MB (alert at 1,536 MB). Pause some imports or close other programs.',
      ],
      ['error_rate:j1', 'High error rate in catalog.csv: 11% of rows failed (11 of 100).'],
      ['slow_job:j3', 'slow.csv has made no progress for 1 min.'],
      ['job:j4:Large batch: 12,000 rows', 'big.csv: Large batch: 12,000 rows'],
    ]);
    expect(activeAlerts([job({ rowsParsed: 10, rowsFailed: 5 })], null, at)).toEqual([]);
  });

  it("gives a job's alert a new key when more is added to it, so a dismissal does not hide what came later", () => {
    const keys = (alert: string): string[] => activeAlerts([job({ alert })], null, at).map((a) => a.key);
    const before = keys('Large batch: 12,000 rows');
    const after = keys('Large batch: 12,000 rows. The unique index was not created: not authorized');
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });

  it('reports memory pressure when it starts and when it ends, not at every check', () => {
    let rss = 100 * 1024 * 1024;
    const seen: boolean[] = [];
    const monitor = new HealthMonitor(
      200,
      60_000,
      (view) => seen.push(view.memoryPressure),
      () => rss,
    );
    monitor.check();
    rss = 150 * 1024 * 1024;
    expect(monitor.check()).toEqual({ rssMb: 150, thresholdMb: 200, memoryPressure: false });
    rss = 250 * 1024 * 1024;
    monitor.check();
    monitor.check();
    rss = 120 * 1024 * 1024;
    monitor.check();
    expect(seen).toEqual([false, true, false]);
  });
});
