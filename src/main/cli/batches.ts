import type { BatchOrigin, BatchView } from '../../preload/contract';

const number = new Intl.NumberFormat('en-US');

const ORIGINS: Record<BatchOrigin, string> = {
  user: 'given at import',
  envelope: 'from the JSON envelope',
  file_name: 'from the file names',
  implicit: 'implicit: one source, close in time',
};

const received = (b: BatchView): string =>
  b.totalParts === null ? `${b.parts.length} parts` : `${b.parts.length} of ${b.totalParts} parts`;

/** One line a batch: its id, state, parts received and row totals. */
export function formatBatchList(batches: readonly BatchView[]): string {
  if (batches.length === 0) return 'No batches yet: import a file first.';
  return batches
    .map(
      (b) =>
        `${b.id}  ${b.state}  ${received(b)}${b.missingParts.length ? ` (missing ${b.missingParts.join(', ')})` : ''}  ` +
        `${number.format(b.rowsWritten)} written, ${number.format(b.rowsUnchanged)} unchanged, ` +
        `${number.format(b.rowsFailed)} failed, ${number.format(b.rowsRecovered)} recovered`,
    )
    .join('\n');
}

/** A batch part by part, with what does not add up. */
export function formatBatch(b: BatchView): string {
  const lines = [
    `Batch ${b.id}  ${b.state}  (${ORIGINS[b.origin]}, source ${b.sourceName})`,
    `  parts       ${received(b)}${b.missingParts.length ? `; missing ${b.missingParts.join(', ')}` : ''}`,
    ...(b.totalItems === null ? [] : [`  items       ${number.format(b.totalItems)} declared`]),
    `  rows read   ${number.format(b.rowsParsed)}`,
    `  written     ${number.format(b.rowsWritten)}`,
    `  unchanged   ${number.format(b.rowsUnchanged)}`,
    `  failed      ${number.format(b.rowsFailed)}`,
    `  recovered   ${number.format(b.rowsRecovered)}`,
    `  updated     ${b.updatedAt}`,
  ];
  for (const p of b.parts) {
    lines.push(
      `  part ${p.part}  ${p.state}  ${p.fileName}${p.resends ? ` (re-sent ${p.resends}×)` : ''}: ` +
        `${number.format(p.rowsWritten)} written, ${number.format(p.rowsUnchanged)} unchanged, ` +
        `${number.format(p.rowsFailed)} failed, ${number.format(p.rowsRecovered)} recovered  [job ${p.jobs[0]?.id ?? ''}]`,
    );
  }
  for (const r of b.retries) lines.push(`  retry  ${r.state}  ${r.fileName}  [job ${r.id}]`);
  for (const problem of b.problems) lines.push(`  ! ${problem}`);
  return lines.join('\n');
}
