import type { JobState, JobView, RowError, UploadPart } from '../../preload/contract';

export interface PartSummary {
  part: number;
  jobId: string;
  state: JobState;
  rowsRead: number;
  written: number;
  unchanged: number;
  failed: number;
}

export interface JobSummary {
  /** The job, or the first part's job when the file was split into batch parts. */
  jobId: string;
  batchId: string | null;
  file: string;
  state: JobState;
  rowsRead: number;
  written: number;
  unchanged: number;
  /** Rows not sent: their entity holds work queued later (another file, machine or tool). */
  superseded: number;
  failed: number;
  /** Rows whose entity came again later in the file (the later row kept). */
  repeated: number;
  seconds: number;
  waitingForConnection: boolean;
  message: string | null;
  alert: string | null;
  firstErrors: string[];
  /** The batch parts, when the file was split. */
  parts: PartSummary[];
  /** The upload batch the file is a part of. */
  upload: UploadPart | null;
  /** The job whose error rows this file corrects. */
  parentJobId: string | null;
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

/** The state a file's parts add up to: the worst of them, in this order. */
const STATE_PRECEDENCE: readonly JobState[] = [
  'failed',
  'cancelled',
  'completed_with_errors',
  'waiting',
  'paused',
  'syncing',
  'staged',
  'parsing',
  'queued',
  'completed',
];

const sum = (jobs: readonly JobView[], count: (job: JobView) => number): number =>
  jobs.reduce((total, job) => total + count(job), 0);

/** One file's outcome: its job, or the sum of its batch parts. */
export function summarize(jobs: readonly JobView[], seconds: number, firstErrors: readonly RowError[]): JobSummary {
  const first = jobs[0];
  if (!first) throw new Error('summarize needs at least one job');
  const state = STATE_PRECEDENCE.find((s) => jobs.some((job) => job.state === s)) ?? first.state;
  return {
    jobId: first.id,
    batchId: first.batchId,
    file: first.filePath,
    state,
    rowsRead: sum(jobs, (j) => j.rowsParsed),
    written: sum(jobs, (j) => j.rowsWritten),
    unchanged: sum(jobs, (j) => j.rowsUnchanged),
    superseded: sum(jobs, (j) => j.rowsSuperseded),
    failed: sum(jobs, (j) => j.rowsFailed),
    repeated: sum(jobs, (j) => j.rowsRepeated),
    seconds: Math.round(seconds * 10) / 10,
    waitingForConnection: state === 'waiting',
    message: jobs.find((j) => j.state === state)?.message ?? null,
    alert: first.alert,
    firstErrors: firstErrors.map((e) => `${first.fileName}: ${describeRowError(e)}`),
    parts: first.batchId
      ? jobs.map((j) => ({
          part: j.batchPart ?? 0,
          jobId: j.id,
          state: j.state,
          rowsRead: j.rowsParsed,
          written: j.rowsWritten,
          unchanged: j.rowsUnchanged,
          failed: j.rowsFailed,
        }))
      : [],
    upload: first.upload,
    parentJobId: first.parentJobId,
  };
}

export function succeeded(summary: JobSummary): boolean {
  return summary.failed === 0 && (summary.state === 'completed' || summary.state === 'waiting');
}

const number = new Intl.NumberFormat('en-US');

export function formatSummary(s: JobSummary): string {
  const lines = [
    `Job ${s.jobId}  ${s.file}  ${s.state}`,
    ...(s.upload
      ? [
          `  upload      batch ${s.upload.batchId}, part ${s.upload.part}${s.upload.totalParts === null ? '' : ` of ${s.upload.totalParts}`}`,
        ]
      : []),
    ...(s.parentJobId ? [`  retry of    job ${s.parentJobId} (its rows that pass now count as recovered there)`] : []),
    ...(s.batchId ? [`  split       ${s.batchId} (${s.parts.length} parts)`] : []),
    `  rows read   ${number.format(s.rowsRead)}`,
    `  written     ${number.format(s.written)}`,
    `  unchanged   ${number.format(s.unchanged)}`,
    ...(s.superseded > 0
      ? [`  superseded  ${number.format(s.superseded)} (MongoDB holds newer work on these entities; not sent)`]
      : []),
    `  failed      ${number.format(s.failed)}`,
    ...(s.repeated > 0 ? [`  repeated    ${number.format(s.repeated)} (the last row of each entity kept)`] : []),
    `  seconds     ${s.seconds}`,
  ];
  for (const p of s.parts) {
    lines.push(
      `  part ${p.part}/${s.parts.length}  ${p.state}: ${number.format(p.written)} written, ${number.format(p.unchanged)} unchanged, ${number.format(p.failed)} failed`,
    );
  }
  if (s.alert) lines.push(`  ! ${s.alert}`);
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
