import type { JobView } from '../../preload/contract';

const BAR_WIDTH = 24;
const number = new Intl.NumberFormat('en-US');

function describe(job: JobView): { fraction: number | null; text: string } {
  if (job.state === 'parsing') return { fraction: null, text: `parsing ${number.format(job.rowsParsed)} rows read` };
  // Nothing is staged yet: counts of rows would read "0/0".
  if (job.state === 'queued') return { fraction: null, text: 'queued' };
  const done = job.rowsWritten + job.rowsUnchanged + job.rowsFailed;
  const total = Math.max(job.rowsStaged, 1);
  return {
    fraction: job.state === 'syncing' ? Math.min(done / total, 1) : null,
    text: `${job.state} ${number.format(done)}/${number.format(job.rowsStaged)} rows, ${number.format(job.rowsFailed)} failed`,
  };
}

/**
 * Shows job progress on stderr: a redrawn bar on a terminal, one line a second otherwise (so
 * logs of scripted runs stay readable).
 */
export class ProgressView {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(job: JobView): void {
    const now = Date.now();
    const interval = this.stream.isTTY ? 100 : 1000;
    if (now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const { fraction, text } = describe(job);
    if (!this.stream.isTTY) {
      this.stream.write(`${job.fileName}: ${text}\n`);
      return;
    }
    const filled = fraction === null ? 0 : Math.round(fraction * BAR_WIDTH);
    const bar = fraction === null ? '·'.repeat(BAR_WIDTH) : '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const percent = fraction === null ? '    ' : `${Math.floor(fraction * 100)}%`.padStart(4);
    this.stream.write(`\r\x1b[2K${bar} ${percent} ${job.fileName}: ${text}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
