import type { JobView } from '../../preload/contract';
import type { RowError } from '../../preload/contract';

export interface JobSummary {
  jobId: string;
  file: string;
  state: JobView['state'];
  rowsRead: number;
  written: number;
  unchanged: number;
  failed: number;
  seconds: number;
  waitingForConnection: boolean;
  message: string | null;
  firstErrors: string[];
}

export function describeRowError(e: RowError): string {
  const where = [
    e.rowNo === null ? null : `row ${e.rowNo}`,
    e.lineNo === null || e.lineNo === e.rowNo ? null : `line ${e.lineNo}`,
    e.column && `column ${e.column}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${e.message}${e.code ? ` (server code ${e.code})` : ''}`;
}

export function summarize(job: JobView, seconds: number, firstErrors: readonly RowError[]): JobSummary {
  return {
    jobId: job.id,
    file: job.filePath,
    state: job.state,
    rowsRead: job.rowsParsed,
    written: job.rowsWritten,
    unchanged: job.rowsUnchanged,
    failed: job.rowsFailed,
    seconds: Math.round(seconds * 10) / 10,
    waitingForConnection: job.state === 'waiting',
    message: job.message,
    firstErrors: firstErrors.map((e) => `${job.fileName}: ${describeRowError(e)}`),
  };
}

export function succeeded(summary: JobSummary): boolean {
  return summary.failed === 0 && (summary.state === 'completed' || summary.state === 'waiting');
}

const number = new Intl.NumberFormat('en-US');

export function formatSummary(s: JobSummary): string {
  const lines = [
    `Job ${s.jobId}  ${s.file}  ${s.state}`,
    `  rows read   ${number.format(s.rowsRead)}`,
    `  written     ${number.format(s.written)}`,
    `  unchanged   ${number.format(s.unchanged)}`,
    `  failed      ${number.format(s.failed)}`,
    `  seconds     ${s.seconds}`,
  ];
  if (s.waitingForConnection) {
    lines.push(
      '  Queued locally: the rows wait for a MongoDB connection. Send them with: import-console sync --mongo <uri>',
    );
  } else if (s.message) {
    lines.push(`  ${s.message}`);
  }
  if (s.firstErrors.length > 0) lines.push('  First failed rows:', ...s.firstErrors.map((e) => `    ${e}`));
  return lines.join('\n');
}
