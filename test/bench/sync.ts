import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import type { MongoClient } from 'mongodb';
import { CATALOG_COLUMNS, writeCatalogCsv } from '../support/catalog';
import { printRatios, printTable, runCli, speedRatio, timed } from './measure';

/** A first import and a re-import through the CLI, against a raw insertMany of the same rows. */
export async function syncBench(dir: string, rows: number, mongo: MongoClient, uri: string): Promise<void> {
  const file = join(dir, 'catalog.csv');
  await writeCatalogCsv(file, rows);
  const insertMany = await timed(
    'insertMany in chunks of 1,000 into an empty collection (baseline)',
    rows,
    async () => {
      const collection = mongo.db(`bench_raw_${Date.now()}`).collection('products');
      let docs: Record<string, string>[] = [];
      for await (const record of createReadStream(file).pipe(parse({ columns: [...CATALOG_COLUMNS], from_line: 2 }))) {
        docs.push(record as Record<string, string>);
        if (docs.length === 1000) {
          await collection.insertMany(docs);
          docs = [];
        }
      }
      if (docs.length) await collection.insertMany(docs);
    },
  );
  const args = ['import', file, '--mongo', uri, '--db', `bench_cli_${Date.now()}`, '--collection', 'products'];
  const common = ['--wholesaler', 'W-BENCH', '--data-dir', join(dir, 'q-sync'), '--json'];
  const first = await runCli('CLI import, first time', rows, [...args, ...common]);
  const again = await runCli('CLI import of the same file again (no writes)', rows, [...args, ...common]);
  printTable(`Sync: ${rows.toLocaleString('en-US')} catalog rows`, [insertMany, first, again]);
  printRatios([
    ['first import rows/s ÷ insertMany rows/s', speedRatio(first, insertMany), 'at least 0.6 (sync issue)'],
    ['re-import rows/s ÷ first import rows/s', speedRatio(again, first), 'at least 3 (sync issue)'],
  ]);
}
