import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { catalogRow, writeCatalogCsv } from '../support/catalog';
import { cli, cliInterrupted, needsBuiltCli, printedObject } from '../support/cli';
import { FerretDbServer } from '../support/ferretdb';
import { mongoForSuite } from '../support/mongo';
import { source } from '../support/profile';
import { tempDir, uniqueDbName } from '../support/temp';

const mongoUri = inject('mongoUri');

/** `import` arguments for a file into a fresh database, with the local queue under `dir`. */
function importArgs(file: string, db: string, dir: string): string[] {
  return [
    'import',
    file,
    '--mongo',
    mongoUri,
    '--db',
    db,
    '--collection',
    'products',
    '--wholesaler',
    'W-9',
    '--data-dir',
    join(dir, 'q'),
  ];
}

describe('the import-console CLI', () => {
  const mongo = mongoForSuite();
  needsBuiltCli();

  it('imports 100,000 rows into MongoDB, and importing them again changes nothing', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'catalog-100k.csv');
    await writeCatalogCsv(file, 100_000);
    const db = uniqueDbName('cli100k');
    const args = [...importArgs(file, db, dir), '--json'];

    const first = await cli(args);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as { parts: { part: number; state: string; written: number }[] };
    expect(summary).toMatchObject({
      state: 'completed',
      rowsRead: 100_000,
      written: 100_000,
      failed: 0,
      alert: 'Large batch: 100,000 rows, above the warning size of 5,000 for source "default"',
      earlierImportJobId: null,
    });
    // Above the default max_batch_size of 10,000, the default policy splits the file into parts.
    expect(summary.parts.map((p) => [p.part, p.state, p.written])).toEqual(
      Array.from({ length: 10 }, (_, i) => [i + 1, 'completed', 10_000]),
    );
    expect(first.stderr).toContain('catalog-100k.csv: syncing');
    expect(first.stderr).toContain('catalog-100k.csv: Large batch: more than 5,000 rows');
    const products = mongo().db(db).collection('products');
    expect(await products.countDocuments()).toBe(100_000);

    const second = await cli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ state: 'completed', written: 0, unchanged: 100_000, failed: 0 });
    expect(second.stderr).toContain('Note: this file was already imported for this source by job');
    expect(await products.countDocuments()).toBe(100_000);
  });

  it('queues a file locally without --mongo, and sync sends it later', async () => {
    const dir = tempDir();
    const file = join(dir, 'offline.csv');
    await writeCatalogCsv(file, 2500);
    const db = uniqueDbName('clioffline');
    const env = { IMPORT_CONSOLE_DATA_DIR: join(dir, 'queue') };

    const queued = await cli(['import', file, '--db', db, '--collection', 'products', '--wholesaler', 'W-1'], env);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toContain('waiting');
    expect(queued.stdout).toContain('import-console sync --mongo');
    expect(await mongo().db(db).collection('products').countDocuments()).toBe(0);

    const synced = await cli(['sync', '--mongo', mongoUri, '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    const summary = JSON.parse(synced.stdout) as { jobs: { state: string; written: number }[] };
    expect(summary.jobs).toEqual([expect.objectContaining({ state: 'completed', written: 2500 })]);
    expect(await mongo().db(db).collection('products').countDocuments()).toBe(2500);
  });

  it('sync --wait waits while MongoDB is unreachable and syncs when it answers', { timeout: 120_000 }, async () => {
    const server = await FerretDbServer.launch();
    try {
      await server.stop();
      const dir = tempDir();
      const file = join(dir, 'later.csv');
      await writeCatalogCsv(file, 1500);
      const db = uniqueDbName('cliwait');
      const env = { IMPORT_CONSOLE_DATA_DIR: join(dir, 'queue') };
      await cli(['import', file, '--db', db, '--collection', 'products', '--wholesaler', 'W-1'], env);

      let stderr = '';
      const waiting = cli(['sync', '--mongo', server.uri, '--wait', '--json'], env, (chunk) => (stderr += chunk));
      while (!stderr.includes('Waiting for MongoDB to answer')) await new Promise((r) => setTimeout(r, 200));
      await server.start();
      const synced = await waiting;
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.stderr).toContain(`MongoDB at 127.0.0.1:${server.port} is unreachable`);
      expect(synced.stderr).toContain('Waiting for MongoDB to answer');
      expect(synced.stderr).toContain(`MongoDB at 127.0.0.1:${server.port} answers.`);
      const summary = JSON.parse(synced.stdout) as { jobs: { state: string; written: number }[] };
      expect(summary.jobs).toEqual([expect.objectContaining({ state: 'completed', written: 1500 })]);
      const client = await new MongoClient(server.uri).connect();
      try {
        expect(await client.db(db).collection('products').countDocuments()).toBe(1500);
      } finally {
        await client.close();
      }
    } finally {
      await server.destroy();
    }
  });

  it('exits 1 and names file, row and column of each bad row, while the good rows are written', async () => {
    const dir = tempDir();
    const file = join(dir, 'mixed.csv');
    writeFileSync(file, 'entity_code,name,price\nA-1,Hammer,9.90\n,Nameless,1.00\nA-3,Saw\nA-4,Drill,59.00\n');
    const db = uniqueDbName('climixed');
    const run = await cli(importArgs(file, db, dir));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('completed_with_errors');
    expect(run.stdout).toContain('mixed.csv: row 3, column entity_code: entity_code is empty');
    expect(run.stdout).toContain('mixed.csv: row 4: expected 3 columns, found 2');
    const codes = (await mongo().db(db).collection('products').find().toArray())
      .map((d) => d.entity_code as string)
      .sort();
    expect(codes).toEqual(['A-1', 'A-4']);
  });

  it('fails the job with the file and row when the header has no entity_code', async () => {
    const dir = tempDir();
    const file = join(dir, 'noheader.csv');
    writeFileSync(file, 'name,colour\nHammer,red\n');
    const run = await cli([
      'import',
      file,
      '--db',
      'x',
      '--collection',
      'y',
      '--wholesaler',
      'z',
      '--data-dir',
      join(dir, 'q'),
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      state: 'failed',
      message:
        'noheader.csv: row 1: no column gives the entity_code (found: name, colour); name one "entity_code" or "SKU", or map one in the source',
    });
  });

  it('cancels the import on Ctrl-C and exits 130', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'big.csv');
    await writeCatalogCsv(file, 400_000);
    const run = await cliInterrupted([...importArgs(file, uniqueDbName('clicancel'), dir), '--json'], 'parsing');
    expect(run.code).toBe(130);
    expect(printedObject(run)).toMatchObject({
      outcome: 'cancelled',
      state: 'cancelled',
      written: 0,
      message: 'Cancelled; nothing was written to MongoDB',
    });
  });

  it('saves a source, previews and imports a Windows-1252 semicolon file with decimal commas under it', async () => {
    const dir = tempDir();
    const db = uniqueDbName('clisource');
    const env = { IMPORT_CONSOLE_DATA_DIR: join(dir, 'queue') };
    const profileFile = join(dir, 'grossiste.json');
    writeFileSync(
      profileFile,
      JSON.stringify({
        ...source({ name: 'Grossiste Dupont', database: db, collection: 'products', wholesalerId: 'W-FR' }),
        decimalSeparator: ',',
        columns: [
          { column: 'Référence', field: 'entity_code', type: 'string', required: true },
          { column: 'Désignation', field: 'name', type: 'string', required: true },
          { column: 'Couleur', field: 'attributes.color', type: 'string', required: false },
          { column: 'Stock', field: 'stock', type: 'integer', required: false },
        ],
      }),
    );
    const saved = await cli(['source', 'save', profileFile], env);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain('Saved source "Grossiste Dupont"');
    expect((await cli(['sources'], env)).stdout).toContain(`Grossiste Dupont  ${db}.products  wholesaler W-FR`);

    const file = join(dir, 'tarif été.csv');
    const text = [
      'Référence;Désignation;Prix unitaire;Couleur;Stock;EAN',
      '000451;Perceuse à percussion « Pro »;1.234,50;rouge;12;4006381333931',
      '000452;Scie égoïne;19,90;;3;4006381333932',
      '000453;Clé à molette;7,5;gris;beaucoup;',
      '000454;;2,00;noir;1;',
      '',
    ].join('\r\n');
    writeFileSync(file, Buffer.from(text, 'latin1'));

    const preview = await cli(['preview', file, '--source', 'Grossiste Dupont'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('tarif été.csv: CSV, windows-1252, semicolon-separated');
    expect(preview.stdout).toContain("Decimal separator ',': set by the source");
    expect(preview.stdout).toContain('Prix unitaire -> price (number; recognised name)');
    expect(preview.stdout).toContain('Couleur -> attributes.color (string; source rule)');
    expect(preview.stdout).toContain('First 4 rows: 1 map cleanly, 3 have errors');
    expect(preview.stdout).toContain('row 3, column EAN: EAN: "4006381333932" has a wrong check digit (2, expected 1)');

    const run = await cli(['import', file, '--source', 'Grossiste Dupont', '--mongo', mongoUri, '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      state: 'completed_with_errors',
      rowsRead: 4,
      written: 1,
      failed: 3,
    });
    const docs = await mongo()
      .db(db)
      .collection('products')
      .find({}, { projection: { _id: 0, content_hash: 0, updated_at: 0, created_at: 0, import: 0 } })
      .toArray();
    expect(docs).toEqual([
      {
        entity_code: '000451',
        name: 'Perceuse à percussion « Pro »',
        price: 1234.5,
        attributes: { color: 'rouge' },
        stock: 12,
        ean: '4006381333931',
        wholesaler_id: 'W-FR',
        version: 1,
        isCurrent: true,
        isCurrentPublished: false,
      },
    ]);
    const errors = (await cli(['import', file, '--source', 'Grossiste Dupont', '--mongo', mongoUri], env)).stdout;
    expect(errors).toContain('row 4, column Stock: Stock: "beaucoup" is not a number');
    expect(errors).toContain('row 5, column Désignation: Désignation is empty');
  });

  it('rejects a file above the source limit with the count, the limit and how to change it, queuing nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'too-big.csv');
    await writeCatalogCsv(file, 1200);
    const run = await cli([...importArgs(file, uniqueDbName('clireject'), dir), '--json'], {
      IMPORT_MAX_BATCH_SIZE: '1000',
      IMPORT_OVERSIZE_POLICY: 'reject',
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      state: 'failed',
      rowsRead: 0,
      written: 0,
      message:
        'too-big.csv: more than 1,000 rows, the most source "default" accepts in one file (max_batch_size 1,000, oversize policy reject); nothing was queued. Raise max_batch_size in the source (or IMPORT_MAX_BATCH_SIZE), set its oversize policy to split or accept, or send a smaller file.',
    });
  });

  it('exits 2 with usage help when arguments are missing', async () => {
    const run = await cli(['import', 'file.csv', '--db', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('import needs --source, or --collection, --wholesaler');
    expect(run.stderr).toContain('Usage:');
    expect((await cli(['errors', 'job-1', '--out', 'x.csv'])).stderr).toContain(
      'errors needs --format csv or --format xlsx',
    );
    expect(
      (await cli(['import', 'f.csv', '--db', 'd', '--collection', 'c', '--wholesaler', 'w', '--batch-part', '2']))
        .stderr,
    ).toContain('--batch-part, --batch-total-parts and --batch-total-items go with --batch-id');
  });

  it("places parts in a batch by flag and by file name, lists and shows batches, and writes a batch's failed rows", async () => {
    const dir = tempDir();
    const db = uniqueDbName('clibatch');
    const named = join(dir, 'spring_part1of2.csv');
    const flagged = join(dir, 'second-half.csv');
    await writeCatalogCsv(named, 50, (i) => ({ ...catalogRow(i), price: i === 10 ? 'free' : catalogRow(i).price }));
    await writeCatalogCsv(flagged, 50, (i) => ({
      ...catalogRow(100 + i),
      price: i === 20 ? '=1+2' : catalogRow(100 + i).price,
    }));
    const first = await cli([...importArgs(named, db, dir), '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({
      upload: { batchId: 'spring_part*of2', part: 1, totalParts: 2, origin: 'file_name' },
    });
    const queue = ['--data-dir', join(dir, 'q')];
    const half = JSON.parse((await cli(['batches', ...queue, '--json'])).stdout) as {
      id: string;
      state: string;
      missingParts: number[];
    }[];
    expect(half.map((b) => [b.id, b.state, b.missingParts])).toEqual([['spring_part*of2', 'incomplete', [2]]]);

    const second = await cli([
      ...importArgs(flagged, db, dir),
      '--batch-id',
      'spring_part*of2',
      '--batch-part',
      '2',
      '--batch-total-parts',
      '2',
    ]);
    expect(second.stdout).toContain('upload      batch spring_part*of2, part 2 of 2');
    const shown = await cli(['batch', 'spring_part*of2', ...queue]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Batch spring_part*of2  partial_success');
    expect(shown.stdout).toContain('parts       2 of 2 parts');
    expect(shown.stdout).toMatch(
      /part 2 {2}completed_with_errors {2}second-half\.csv: 49 written, 0 unchanged, 1 failed/,
    );

    const out = join(dir, 'failed.csv');
    const report = await cli(['errors', 'spring_part*of2', '--format', 'csv', '--out', out, ...queue]);
    expect(report.stdout).toBe(`Wrote 2 failed rows to ${out}\n`);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFentity_code,name,brand,price,ean,color,description,error_stage,error_column,error_message',
    );
    expect(lines[1]).toMatch(/^SKU-0000010,.*,free,.*,validate,price,"price: ""free"" is not a number/);
    // The formula a sender typed in a cell comes out as text.
    expect(lines[2]).toMatch(/^SKU-0000120,.*,'=1\+2,.*,validate,price,/);
    expect((await cli(['batch', 'nope', ...queue])).stderr).toContain('no batch "nope"');
  });
});
