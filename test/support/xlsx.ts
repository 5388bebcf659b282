import type { TabularItem } from '../../src/main/core/ingest/records';
import { readXlsx } from '../../src/main/core/ingest/xlsx-reader';

/** Every item of a workbook's sheet, read in this thread. */
export async function readAll(file: string, sheet?: string): Promise<TabularItem[]> {
  const items: TabularItem[] = [];
  for await (const item of readXlsx(file, sheet)) items.push(item);
  return items;
}

/** Items as [row, cells] or [row, problem]: what a comparison needs. */
export const fieldsOf = (items: TabularItem[]): unknown[] =>
  items.map((i) => (i.ok ? [i.record.rowNo, i.record.fields] : [i.problem.rowNo, i.problem.message]));
