import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import type { JobView } from '../../src/preload/contract';
import { writeCatalogCsv } from '../support/catalog';
import { atomicMongoUri, mongoForSuite } from '../support/mongo';
import { source, wholeFile } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

describe('fenced leases', () => {
  const mongo = mongoForSuite(atomicMongoUri);

  it('makes a process whose job was taken over give it up at its next chunk, the new owner finishing it', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    const ROWS = 400;
    await writeCatalogCsv(file, ROWS);
    const target = {
      ...wholeFile({ wholesalerId: 'W-F', database: uniqueDbName('fenced'), collection: 'products' }),
      historyCollection: 'products_history',
      limits: { ...source().limits, chunkSize: 20 },
    };
    const dataDir = join(dir, 'data');
    // Two processes on one data folder, as the app and the CLI share one.
    const first = ImportEngine.open(dataDir);
    const second = ImportEngine.open(dataDir);
    let takenOver: Promise<JobView> | null = null;
    try {
      const job = first.createJob(file, target);
      first.onJob((view) => {
        if (takenOver || view.id !== job.id || view.chunksWritten !== 2) return;
        // As if the first process had stopped for longer than its lease on another machine,
        // and a process there took the job: at once after its second chunk was recorded.
        first.db
          .prepare(
            "UPDATE jobs SET lease_owner = '77@another-host.example#feedbeef', lease_expires_at = 0 WHERE id = ?",
          )
          .run(job.id);
        takenOver = second.sync(job.id, atomicMongoUri());
      });
      const givenUp = await first.runJob(job.id, atomicMongoUri());
      expect(takenOver).not.toBeNull();
      const finished = await (takenOver as unknown as Promise<JobView>);
      // The first process set nothing once the job was not its own: no failure, no second end.
      expect(givenUp.state).not.toBe('failed');
      expect(finished).toMatchObject({ state: 'completed', rowsWritten: ROWS, rowsFailed: 0 });
      const docs = await mongo().db(target.database).collection('products').find().toArray();
      expect(docs).toHaveLength(ROWS);
      expect(docs.every((doc) => doc.version === 1)).toBe(true);
      expect(await mongo().db(target.database).collection('products_history').countDocuments()).toBe(ROWS);
      expect(first.listJobs().find((view) => view.id === job.id)?.chunksWritten).toBe(ROWS / 20);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
