import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveSource } from '../../src/main/core/store/sources';
import type { ColumnRule, Handlers, JobView } from '../../src/preload/contract';
import { engineForEachTest, nextEvent } from '../support/engine';
import { shown, testHandlers } from '../support/handlers';
import { mongoForSuite, mongoUri } from '../support/mongo';
import { source } from '../support/profile';
import { uniqueDbName } from '../support/temp';

const rule = (column: string, field: string | null, type: ColumnRule['type'] = 'string', required = false) => ({
  column,
  field,
  type,
  required,
});

// Columns no synonym knows: auto-mapping keeps their own names, the user maps them in the preview.
const CSV = ['Code;Desc;Cost;Internal', 'A-1;Chair;12.50;x', 'A-2;Table;99;y', 'A-3;Lamp;abc;z'].join('\n');

describe('a mapping edited in the preview, through the handlers main serves', () => {
  const { dir, engine } = engineForEachTest();
  const client = mongoForSuite();

  const handlers = async (database: string): Promise<Handlers> => {
    const api = testHandlers(engine(), dir());
    await api.saveSettings({ mongoUri: mongoUri(), database, collection: 'products', wholesalerId: 'W-9' });
    return api;
  };

  const file = (): string => {
    const path = join(dir(), 'acme.csv');
    writeFileSync(path, CSV);
    return path;
  };

  const edited = [
    rule('Code', 'entity_code', 'string', true),
    rule('Desc', 'name'),
    rule('Cost', 'pricing.net', 'number'),
    rule('Internal', null),
  ];

  it('previews and imports with the edited rules in place of auto-mapping', async () => {
    const database = uniqueDbName('mapping');
    const api = await handlers(database);
    const path = file();

    const auto = await shown(api.previewFile(path, null, null));
    expect(auto.problem).toContain('no column gives the entity_code');

    const preview = await shown(api.previewFile(path, null, edited));
    expect(preview.problem).toBeNull();
    expect(preview.columns.map((c) => [c.column, c.field, c.type, c.required, c.by])).toEqual([
      ['Code', 'entity_code', 'string', true, 'rule'],
      ['Desc', 'name', 'string', false, 'rule'],
      ['Cost', 'pricing.net', 'number', false, 'rule'],
    ]);
    expect(preview.unmapped).toEqual(['Internal']);
    expect(preview.rows.map((r) => r.document)).toEqual([
      { entity_code: 'A-1', name: 'Chair', pricing: { net: 12.5 }, wholesaler_id: 'W-9' },
      { entity_code: 'A-2', name: 'Table', pricing: { net: 99 }, wholesaler_id: 'W-9' },
    ]);
    expect(preview.errors).toEqual([
      expect.objectContaining({ rowNo: 4, column: 'Cost', value: 'abc', stage: 'validate' }),
    ]);

    const [job] = await api.importFiles([path], null, null, edited);
    const done = await nextEvent(engine(), (j: JobView) => j.id === job?.id && j.state === 'completed_with_errors');
    expect([done.rowsWritten, done.rowsFailed, done.sourceName]).toEqual([2, 1, 'default']);
    const docs = await client()
      .db(database)
      .collection('products')
      .find({}, { projection: { _id: 0, entity_code: 1, name: 1, pricing: 1, Internal: 1 } })
      .sort({ entity_code: 1 })
      .toArray();
    expect(docs).toEqual([
      { entity_code: 'A-1', name: 'Chair', pricing: { net: 12.5 } },
      { entity_code: 'A-2', name: 'Table', pricing: { net: 99 } },
    ]);
  });

  it('refuses a mapping that cannot work, naming the columns, and starts nothing', async () => {
    const api = await handlers(uniqueDbName('mapping'));
    const clash = [rule('Code', 'entity_code'), rule('Desc', 'entity_code')];
    await expect(api.importFiles([file()], null, null, clash)).rejects.toThrow(
      'The mapping cannot be used: the columns "Code" and "Desc" both fill entity_code',
    );
    await expect(api.previewFile(file(), null, [rule('Code', 'entity_code', 'integer')])).rejects.toThrow(
      'entity_code is a code and must be typed string',
    );
    expect(await api.listJobs()).toEqual([]);
  });

  it('saves an edited mapping as a new source, or into the chosen one keeping its other rules', async () => {
    const api = await handlers('catalog');
    const created = await api.saveMapping(null, ' Acme ', edited);
    expect(created).toMatchObject({
      name: 'Acme',
      database: 'catalog',
      collection: 'products',
      wholesalerId: 'W-9',
      columns: edited,
    });
    await expect(api.saveMapping(null, '', edited)).rejects.toThrow('the source needs a name');

    const existing = saveSource(
      engine().db,
      source({ name: 'Dupont', columns: [rule('EAN', 'ean', 'gtin'), rule('DESC', 'title')] }),
    );
    const merged = await api.saveMapping(existing.id, 'ignored', [rule('desc', 'name'), rule('Code', 'entity_code')]);
    expect(merged.id).toBe(existing.id);
    expect(merged.name).toBe('Dupont');
    expect(merged.columns).toEqual([rule('EAN', 'ean', 'gtin'), rule('desc', 'name'), rule('Code', 'entity_code')]);
    expect(Object.keys(merged).sort()).toEqual(Object.keys(existing).sort());
  });
});
