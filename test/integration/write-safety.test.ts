import { join } from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { ImportEngine } from '../../src/main/core/engine';
import { createClient } from '../../src/main/core/sync/mongo';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { tempDir, uniqueDbName } from '../support/temp';

/** The run's server URI with more options, whether or not it has some already. */
function withOptions(uri: string, options: string): string {
  if (uri.includes('?')) return `${uri}&${options}`;
  return /^mongodb(\+srv)?:\/\/[^/]+$/.test(uri) ? `${uri}/?${options}` : `${uri}?${options}`;
}

const LAX = 'readPreference=secondary&w=1&retryWrites=false';

// On the run's FerretDB (or MONGODB_URI): mongo-java-server has no $collStats, which a sync reads.
describe("the job's read and write settings", () => {
  const mongo = mongoForSuite();
  const serverUri = mongoUri;

  it(`syncs with primary reads, majority writes and retryable writes over a URI's ${LAX}`, async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 120);
    const target = { wholesalerId: 'W-3', database: uniqueDbName('lax_uri'), collection: 'products' };
    const uri = withOptions(serverUri(), LAX);

    // What the job's client sends: the same client the engine makes for this URI.
    const client = createClient(uri);
    client.options.monitorCommands = true;
    const sent: CommandStartedEvent[] = [];
    client.on('commandStarted', (event) => sent.push(event));
    try {
      const probe = client.db(target.database).collection('probe');
      expect([probe.readPreference?.mode, probe.writeConcern?.w, client.options.retryWrites]).toEqual([
        'primary',
        'majority',
        true,
      ]);
      await probe.insertOne({ _id: 'p' } as never);
      await probe.findOne({ _id: 'p' } as never);
      const insert = sent.find((event) => event.commandName === 'insert');
      expect(insert?.command.writeConcern).toEqual({ w: 'majority' });
      const find = sent.find((event) => event.commandName === 'find');
      // Sent to a replica set or mongos only; a standalone server is read from whatever the mode.
      const mode = (find?.command.$readPreference as { mode?: string } | undefined)?.mode;
      expect(mode ?? 'primary').toBe('primary');
    } finally {
      await client.close();
    }

    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = await engine.runJob(engine.createJob(file, target).id, uri);
      expect(job).toMatchObject({ state: 'completed', rowsWritten: 120, message: null, alert: null });
      const products = mongo().db(target.database).collection('products');
      const docs = await products.find().sort({ entity_code: 1 }).toArray();
      expect(docs.map((doc): unknown[] => [doc.entity_code, doc.version])).toEqual(
        Array.from({ length: 120 }, (_, i) => [catalogRow(i + 1).entity_code, 1]),
      );
      const again = await engine.runJob(engine.createJob(file, target).id, uri);
      expect(again).toMatchObject({ state: 'completed', rowsWritten: 0, rowsUnchanged: 120 });
    } finally {
      await engine.close();
    }
  });

  it('refuses a URI with w=0 before it writes anything, naming the option', async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog.csv');
    await writeCatalogCsv(file, 10);
    const target = { wholesalerId: 'W-3', database: uniqueDbName('w0_uri'), collection: 'products' };
    const engine = ImportEngine.open(join(dir, 'data'));
    try {
      const job = await engine.runJob(engine.createJob(file, target).id, withOptions(serverUri(), 'w=0'));
      expect(job.state).toBe('failed');
      expect(job.message).toContain('w=0 is refused: it asks MongoDB not to acknowledge writes');
      expect(job).toMatchObject({ rowsWritten: 0, rowsStaged: 10 });
      // Not even the unique index: the database was never touched.
      expect(await mongo().db(target.database).listCollections().toArray()).toEqual([]);

      // Sent again with a URI that acknowledges writes, the staged rows go through.
      const retried = await engine.retryFailedRows(job.id, serverUri());
      expect(retried).toMatchObject({ state: 'completed', rowsWritten: 10 });
    } finally {
      await engine.close();
    }
  });
});
