import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson } from '../../src/main/core/ingest/json-reader';
import type { ObjectItem } from '../../src/main/core/ingest/records';
import { tempDir } from '../support/temp';

async function readAll(name: string, content: string): Promise<ObjectItem[]> {
  const file = join(tempDir(), name);
  writeFileSync(file, content);
  const items: ObjectItem[] = [];
  for await (const item of readJson(file)) items.push(item);
  return items;
}

const summary = (items: ObjectItem[]) =>
  items.map((i) =>
    i.ok ? [i.object.rowNo, i.object.lineNo, i.object.value] : [i.problem.rowNo, i.problem.lineNo, i.problem.message],
  );

describe('readJson', () => {
  it('streams the items of a JSON array', async () => {
    const items = await readAll(
      'items.json',
      '\uFEFF [{"entity_code":"A","price":1.5},{"entity_code":"B","tags":["x"]}]',
    );
    expect(summary(items)).toEqual([
      [1, 1, { entity_code: 'A', price: 1.5 }],
      [2, 2, { entity_code: 'B', tags: ['x'] }],
    ]);
  });

  it('streams the items of the batch envelope', async () => {
    const envelope = {
      batch_id: 'B-7',
      batch_part: 2,
      batch_total_parts: 3,
      batch_total_items: 5,
      timestamp: '2026-11-30T10:00:00Z',
      items: [{ entity_code: 'A', attributes: { color: 'red' } }, 42],
    };
    expect(summary(await readAll('part.json', JSON.stringify(envelope)))).toEqual([
      [1, 1, { entity_code: 'A', attributes: { color: 'red' } }],
      [2, 2, 'the item is not an object with fields'],
    ]);
  });

  it('reads NDJSON line by line, a bad line becoming a problem on that line', async () => {
    const items = await readAll('feed.ndjson', '{"entity_code":"A"}\r\n\n{"entity_code":\n{"entity_code":"C"}\n');
    expect(summary(items)).toEqual([
      [1, 1, { entity_code: 'A' }],
      [2, 3, expect.stringContaining('not valid JSON')],
      [3, 4, { entity_code: 'C' }],
    ]);
  });

  it('names the file and the last good item when the JSON breaks off', async () => {
    await expect(readAll('cut.json', '[{"entity_code":"A"},{"entity_code":"B"},{"entity_co')).rejects.toThrow(
      /^cut\.json: not valid JSON after item 2: /,
    );
  });

  it.each([
    [
      'an object without items',
      'meta.json',
      '{"batch_id":"B"}',
      'meta.json: the object has no "items" array, so there is nothing to import',
    ],
    [
      'a bare value',
      'value.json',
      '"hello"',
      'value.json: expected a JSON array of items or an object with an "items" array',
    ],
  ])('refuses %s', async (_what, name, content, message) => {
    await expect(readAll(name, content)).rejects.toThrow(message);
  });
});
