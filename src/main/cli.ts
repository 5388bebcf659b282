#!/usr/bin/env node
/**
 * import-console: the headless runner over the same engine as the desktop app.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  ALL_ERRORS,
  checkSourceInput,
  type ConnectionView,
  type JobView,
  type SourceView,
  type Target,
} from '../preload/contract';
import { defaultDataDir } from './core/config';
import { ImportEngine } from './core/engine';
import { fileJobs, findJob } from './core/store/jobs';
import { listRowErrors } from './core/store/row-errors';
import { deleteSource, findSource, listSources, saveSource } from './core/store/sources';
import { exportErrors } from './core/report/export-errors';
import { batchView, listBatchViews, scopeJobIds } from './core/store/batches';
import { parseCommand, USAGE, UsageError, type Command, type SourceChoice } from './cli/args';
import { formatBatch, formatBatchList } from './cli/batches';
import { cancelledRun, done, EXIT_CODES, importResult, previewResult, stoppedBy, type Result } from './cli/outcome';
import { formatPreview } from './cli/preview';
import { ProgressView } from './cli/progress';
import { formatSummary, succeeded, summarize, type JobSummary } from './cli/summary';

const FIRST_ERRORS_SHOWN = 5;

type Run = Exclude<Command, { kind: 'help' }>;

function chosenSource(engine: ImportEngine, choice: SourceChoice): SourceView | Target {
  if ('target' in choice) return choice.target;
  const source = findSource(engine.db, choice.source);
  if (!source) {
    const names = listSources(engine.db).map((s) => s.name);
    throw new UsageError(`no source named "${choice.source}" (saved sources: ${names.join(', ') || 'none'})`);
  }
  return source;
}

function readProfileFile(file: string): ReturnType<typeof checkSourceInput> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `${file}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // A file from `source show` carries the id and date; the name decides which source it replaces.
  const input = { ...(raw as Record<string, unknown>) };
  delete input.id;
  delete input.updatedAt;
  try {
    return checkSourceInput(input, file);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Aborts on the first Ctrl-C, saying what it stops; a second one ends the process as Node does.
 * Only import and preview take Ctrl-C this way: elsewhere nothing is lost when the process ends.
 */
function ctrlC(what: string): AbortSignal {
  const pressed = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write(`\nCancelling the ${what}…\n`);
    pressed.abort();
  });
  return pressed.signal;
}

async function run(command: Run): Promise<Result> {
  const engine = ImportEngine.open(command.dataDir ?? defaultDataDir());
  const progress = new ProgressView(process.stderr);
  const alerted = new Set<string>();
  engine.onJob((job) => {
    progress.update(job);
    if (job.alert && !alerted.has(job.id) && job.batchPart === null) {
      alerted.add(job.id);
      progress.finish();
      process.stderr.write(`${job.fileName}: ${job.alert}\n`);
    }
  });
  engine.onWarning((warning) => {
    progress.finish();
    process.stderr.write(`${warning.message}\n`);
  });
  const started = Date.now();
  const summarizeJobs = (jobs: JobView[]): JobSummary =>
    summarize(
      jobs,
      (Date.now() - started) / 1000,
      jobs.flatMap((job) => listRowErrors(engine.db, job.id, FIRST_ERRORS_SHOWN)).slice(0, FIRST_ERRORS_SHOWN),
    );
  try {
    switch (command.kind) {
      case 'import': {
        const source = chosenSource(engine, command.choice);
        const interrupted = ctrlC('import');
        const earlier = await engine.earlierImport(command.file, source);
        if (interrupted.aborted) return cancelledRun('Cancelled before the import started; nothing was queued');
        if (earlier) {
          process.stderr.write(
            `Note: this file was already imported for this source by job ${earlier.id} on ${earlier.createdAt} (${earlier.state}); importing it again.\n`,
          );
        }
        const job = engine.createJob(command.file, source, command.batch);
        // Ctrl-C cancels the import: staging stops, unsent rows are dropped, written rows stay.
        interrupted.addEventListener('abort', () => {
          engine.cancelFile(job.id);
        });
        const first = await engine.runJob(job.id, command.mongo);
        const summary = summarizeJobs(fileJobs(engine.db, first));
        return importResult(summary, earlier?.id ?? null, formatSummary(summary));
      }
      case 'preview': {
        const source = chosenSource(engine, command.choice);
        // Ctrl-C ends the preview's worker; the preview then rejects as cancelled.
        ctrlC('preview').addEventListener('abort', () => {
          engine.cancelPreview(command.file);
        });
        process.stderr.write(`Previewing ${basename(command.file)}…\n`);
        const preview = await engine.preview(command.file, source);
        return previewResult(preview, formatPreview(preview));
      }
      case 'sync': {
        // Ctrl-C during sync needs no special care (Node's default exit): a job stopped mid-sync
        // stays queued and resumes from its first unacknowledged chunk on the next sync.
        engine.onConnection((view) => {
          progress.finish();
          process.stderr.write(`${describeConnection(view)}\n`);
        });
        await engine.watchServer(command.mongo);
        const jobs = (await syncUntilDone(engine, command.mongo, command.wait)).map((parts) => {
          const summary = summarizeJobs(parts);
          const holder = parts.map((part) => engine.workedOnElsewhere(part.id)).find((h) => h !== null);
          // Not this command's to sync: saying who is beats a failure without a reason.
          return holder
            ? { ...summary, message: `left to ${holder}, which is working on this job now; sync again once it is done` }
            : summary;
        });
        progress.finish();
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        return {
          outcome: jobs.every(succeeded) && jobs.every((j) => j.state !== 'waiting') ? 'ok' : 'failed',
          json: { jobs, seconds },
          text: jobs.length ? jobs.map(formatSummary).join('\n\n') : 'Nothing queued to sync.',
        };
      }
      case 'sources': {
        const sources = listSources(engine.db);
        const lines = sources.map(
          (s) =>
            `${s.name}  ${s.database}.${s.collection}  wholesaler ${s.wholesalerId}  (${s.columns.length} column rules)`,
        );
        return done(sources, lines.join('\n') || 'No sources saved yet: import-console source save <profile.json>');
      }
      case 'source':
        return sourceCommand(engine, command);
      case 'batches': {
        const batches = listBatchViews(engine.db);
        return done(batches, formatBatchList(batches));
      }
      case 'batch': {
        const batch = batchView(engine.db, command.id);
        if (!batch) throw new UsageError(`no batch "${command.id}" (see import-console batches)`);
        return done(batch, formatBatch(batch));
      }
      case 'errors': {
        const scope = findJob(engine.db, command.id)
          ? ({ kind: 'job', id: command.id } as const)
          : batchView(engine.db, command.id)
            ? ({ kind: 'batch', id: command.id } as const)
            : null;
        if (!scope) throw new UsageError(`no job or batch "${command.id}" (see import-console batches)`);
        const rows = await exportErrors(
          engine.db,
          scopeJobIds(engine.db, scope),
          ALL_ERRORS,
          command.format,
          command.out,
        );
        return done({ out: command.out, rows }, `Wrote ${rows.toLocaleString('en-US')} failed rows to ${command.out}`);
      }
    }
  } finally {
    progress.finish();
    await engine.close();
  }
}

function describeConnection(view: ConnectionView): string {
  const server = `MongoDB at ${view.server ?? 'the configured server'}`;
  if (view.state === 'online') return `${server} answers.`;
  if (view.state === 'offline') return `${server} is unreachable (${view.message ?? 'no answer'}).`;
  return 'No MongoDB server is configured.';
}

/**
 * Syncs the queue; with `wait`, jobs left waiting for an unreachable server are synced again
 * each time it answers, until none is left waiting. Gives each file's jobs (its batch parts, or
 * its one job) as they are now, read again each round (the app may finish or cancel one meanwhile).
 */
async function syncUntilDone(engine: ImportEngine, mongoUri: string, wait: boolean): Promise<JobView[][]> {
  const ids = new Set<string>();
  for (;;) {
    for (const job of await engine.syncQueued(mongoUri)) ids.add(job.id);
    const files = new Map<string, JobView[]>();
    for (const id of ids) {
      const job = findJob(engine.db, id);
      const file = job?.batchId ?? id;
      if (job && !files.has(file)) files.set(file, fileJobs(engine.db, job));
    }
    const now = [...files.values()];
    if (!wait || !now.flat().some((job) => job.state === 'waiting')) return now;
    process.stderr.write('Waiting for MongoDB to answer (Ctrl-C to stop; queued rows stay queued)…\n');
    await nextAnswer(engine);
  }
}

/** Resolves when the watched server answers: at once if it does now, else at its next change. */
function nextAnswer(engine: ImportEngine): Promise<void> {
  if (engine.connection().state === 'online') {
    // It answered while the jobs gave up: wait one check interval before trying again.
    return new Promise((r) => setTimeout(r, engine.config.monitorIntervalMs));
  }
  return new Promise((answered) => {
    const stop = engine.onConnection((view) => {
      if (view.state !== 'online') return;
      stop();
      answered();
    });
  });
}

function sourceCommand(engine: ImportEngine, command: Extract<Run, { kind: 'source' }>): Result {
  if (command.action === 'save') {
    const input = readProfileFile(command.argument);
    const saved = saveSource(engine.db, input, findSource(engine.db, input.name)?.id ?? null);
    return done(saved, `Saved source "${saved.name}" (${saved.id}).`);
  }
  const source = findSource(engine.db, command.argument);
  if (!source) throw new UsageError(`no source named "${command.argument}"`);
  // JSON either way: it is what `source save` reads back.
  if (command.action === 'show') return done(source, JSON.stringify(source, null, 2));
  deleteSource(engine.db, source.id);
  return done({ deleted: source.id }, `Deleted source "${source.name}"; jobs created under it keep their copy.`);
}

/** Whether the arguments ask for JSON, found before they are parsed, so that a usage error is JSON too. */
function asksForJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Runs a command and prints what it gives on stdout, once, whatever happened; gives the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  let json = asksForJson(argv);
  let result: Result;
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    json = command.json;
    result = await run(command);
  } catch (error) {
    result = stoppedBy(error);
    if (result.outcome !== 'cancelled') {
      const usage = result.outcome === 'usage_error' ? `\n\n${USAGE}` : '';
      process.stderr.write(`import-console: ${error instanceof Error ? error.message : String(error)}${usage}\n`);
    }
  }
  const out = json ? JSON.stringify(result.json) : result.text;
  if (out !== null) process.stdout.write(`${out}\n`);
  return EXIT_CODES[result.outcome];
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
