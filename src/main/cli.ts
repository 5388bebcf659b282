#!/usr/bin/env node
/**
 * import-console: the headless runner over the same engine as the desktop app.
 */
import { defaultDataDir } from './core/config';
import { ImportEngine } from './core/engine';
import { listRowErrors } from './core/store/staged-rows';
import { parseCommand, USAGE, UsageError, type Command } from './cli/args';
import { ProgressView } from './cli/progress';
import { formatSummary, succeeded, summarize, type JobSummary } from './cli/summary';
import type { JobView } from '../preload/contract';

const FIRST_ERRORS_SHOWN = 5;

/** Exit codes: nothing failed, something failed, stopped by Ctrl-C (as a shell reports SIGINT). */
const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

async function run(command: Exclude<Command, { kind: 'help' }>): Promise<number> {
  const engine = ImportEngine.open(command.dataDir ?? defaultDataDir());
  const progress = new ProgressView(process.stderr);
  engine.onJob((job) => {
    progress.update(job);
  });
  const started = Date.now();
  const summarizeJob = (job: JobView): JobSummary =>
    summarize(job, (Date.now() - started) / 1000, listRowErrors(engine.db, job.id, FIRST_ERRORS_SHOWN));
  try {
    if (command.kind === 'import') {
      const job = engine.createJob(command.file, command.target);
      // Ctrl-C cancels the import: staging stops, unsent rows are dropped, written rows stay.
      process.once('SIGINT', () => {
        process.stderr.write('\nCancelling the import…\n');
        engine.cancel(job.id);
      });
      const summary = summarizeJob(await engine.runJob(job.id, command.mongo));
      progress.finish();
      process.stdout.write((command.json ? JSON.stringify(summary) : formatSummary(summary)) + '\n');
      if (summary.state === 'cancelled') return EXIT.interrupted;
      return succeeded(summary) ? EXIT.ok : EXIT.failed;
    }
    // Ctrl-C during sync needs no special care (Node's default exit): a job stopped mid-sync stays
    // queued and resumes from its first unacknowledged chunk on the next sync.
    const jobs = (await engine.syncQueued(command.mongo)).map(summarizeJob);
    progress.finish();
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (command.json) process.stdout.write(JSON.stringify({ jobs, seconds }) + '\n');
    else process.stdout.write((jobs.length ? jobs.map(formatSummary).join('\n\n') : 'Nothing queued to sync.') + '\n');
    return jobs.every(succeeded) && jobs.every((j) => j.state !== 'waiting') ? EXIT.ok : EXIT.failed;
  } finally {
    progress.finish();
    await engine.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`import-console: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return run(command);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`import-console: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
