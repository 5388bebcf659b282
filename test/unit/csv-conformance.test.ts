import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/main/core/ingest/csv-reader';
import type { TabularItem } from '../../src/main/core/ingest/records';
import { tempDir } from '../support/temp';

// The public suites live in the shared folder beside the repository (see its README).
const SUITES = resolve(__dirname, '../../../shared/conformance');
const SPECTRUM = join(SUITES, 'csv-spectrum');
const RFC4180 = join(SUITES, 'csv-test-data');
const SUITE_HEADER = ['foo', 'bar', 'baz'];

if (!existsSync(SUITES)) throw new Error(`CSV conformance suites not found at ${SUITES}`);

async function items(file: string): Promise<TabularItem[]> {
  const out: TabularItem[] = [];
  for await (const item of readCsv(file)) out.push(item);
  return out;
}

function rows(all: TabularItem[]): string[][] {
  return all.map((item) => {
    if (!item.ok) throw new Error(`line ${item.problem.lineNo}: ${item.problem.message}`);
    return item.record.fields;
  });
}

function objects([header, ...data]: string[][]): Record<string, string>[] {
  return data.map((row) => Object.fromEntries((header ?? []).map((name, i) => [name, row[i] ?? ''])));
}

/**
 * Reads a file of the RFC 4180 suite that has the header foo,bar,baz, and reports the first thing
 * wrong with it as "line N: …", as the suite asks of a parser.
 */
async function withSuiteHeader(file: string): Promise<Record<string, string>[]> {
  const all = await items(file);
  const [first] = all;
  if (!first) throw new Error('line 1: the file is empty, expected the header foo,bar,baz');
  for (const item of all) {
    if (!item.ok) throw new Error(`line ${item.problem.lineNo}: ${item.problem.message}`);
    const { fields, lineNo } = item.record;
    if (item === first && fields.join() !== SUITE_HEADER.join()) {
      throw new Error(`line ${lineNo}: expected the header foo,bar,baz, found ${fields.join(',')}`);
    }
    if (fields.length !== SUITE_HEADER.length)
      throw new Error(`line ${lineNo}: expected 3 fields, found ${fields.length}`);
  }
  return objects(rows(all));
}

const names = (dir: string): string[] => readdirSync(dir).map((f) => basename(f, '.csv'));

/**
 * Our copy of csv-spectrum lost the carriage returns of its *_crlf files (they hold LF only),
 * while their JSON still expects "\r\n" inside quoted fields. Such a file is read as the suite
 * meant it: with its line breaks restored to CRLF.
 */
function asPublished(name: string, file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!name.endsWith('_crlf') || text.includes('\r')) return file;
  const restored = join(tempDir(), `${name}.csv`);
  writeFileSync(restored, text.replace(/\n/g, '\r\n'));
  return restored;
}

describe('csv-spectrum', () => {
  for (const name of names(join(SPECTRUM, 'csvs'))) {
    // Known defect of the suite: its JSON does not match its CSV (csv-spectrum issue #20).
    const test = name === 'location_coordinates' ? it.skip : it;
    test(name, async () => {
      const expected = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8')) as unknown;
      const file = asPublished(name, join(SPECTRUM, 'csvs', `${name}.csv`));
      expect(objects(rows(await items(file)))).toEqual(expected);
    });
  }
});

describe('csv-test-data (RFC 4180)', () => {
  for (const name of names(join(RFC4180, 'csv'))) {
    const file = join(RFC4180, 'csv', `${name}.csv`);
    if (name.startsWith('bad-')) {
      it(`${name} is reported with its line`, async () => {
        const read = name.startsWith('bad-header-') ? withSuiteHeader(file) : items(file).then(rows);
        await expect(read).rejects.toThrow(/^line \d+: \S/);
      });
      continue;
    }
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(RFC4180, 'json', `${name}.json`), 'utf8')) as unknown;
      const actual = name.startsWith('header-') ? await withSuiteHeader(file) : rows(await items(file));
      expect(actual).toEqual(expected);
    });
  }
});
