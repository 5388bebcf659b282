import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import {
  FINAL_JOB_STATES,
  type FilePreview,
  type JobView,
  type SourceInput,
  type SourceView,
} from '../../preload/contract';
import { DATABASE_FILE_NAME, engineConfig, type EngineConfig } from './config';
import { fileSha256 } from './ingest/file-hash';
import { previewInWorker, stageInWorker } from './ingest/run-worker';
import { defaultSource, jobProfile, type JobProfile, type Target } from './sources/profile';
import { openDatabase, type Db } from './store/database';
import {
  createJob,
  findEarlierImport,
  jobProfileOf,
  listBatch,
  listJobs,
  requireJob,
  resetStaging,
  setFileSha256,
  setJobAlert,
  setJobState,
  finishBatch,
} from './store/jobs';
import { countPendingRows, discardPendingRows, pruneSentRows, requeueFailedRows } from './store/staged-rows';
import { createClient, describeServer, ensureEntityIndex, isConnectionError } from './sync/mongo';
import type { ProductDocument } from './sync/document';
import { syncStagedRows } from './sync/sync-job';

const SYNCABLE = ['staged', 'waiting', 'syncing'] as const;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const count = (n: number): string => n.toLocaleString('en-US');

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why a step was aborted when it was not the user's cancel: the job ran past its time limit. */
class JobTimeout extends Error {
  constructor(readonly minutes: number) {
    super(`the job ran longer than its ${minutes}-minute limit`);
  }
}

/**
 * The import engine: one local queue (SQLite) and the MongoDB servers it syncs to. The desktop
 * app, the CLI and the test harness all drive this same class.
 */
export class ImportEngine {
  private readonly events = new EventEmitter();
  private readonly clients = new Map<string, MongoClient>();
  private readonly indexedCollections = new Set<string>();
  /** The step (staging or sync) running for a job in this process, to be aborted on cancel. */
  private readonly running = new Map<string, AbortController>();
  // Jobs run one after another, so dropping many files never starts many workers at once.
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly db: Db,
    private readonly dbPath: string,
    readonly config: EngineConfig,
  ) {}

  static open(dataDir: string, config: EngineConfig = engineConfig()): ImportEngine {
    const dbPath = join(dataDir, DATABASE_FILE_NAME);
    const db = openDatabase(dbPath);
    pruneSentRows(db, new Date(Date.now() - config.retentionDays * 86_400_000));
    return new ImportEngine(db, dbPath, config);
  }

  onJob(listener: (job: JobView) => void): () => void {
    this.events.on('job', listener);
    return () => this.events.off('job', listener);
  }

  listJobs(): JobView[] {
    return listJobs(this.db);
  }

  /** What a job for this source would run under: the source with the environment's defaults filled in. */
  profileFor(source: SourceInput | SourceView | Target): JobProfile {
    return jobProfile('columns' in source ? source : defaultSource(source), this.config.limits);
  }

  /** A job for a file under a source, or under the default source of a bare target. */
  createJob(filePath: string, source: SourceInput | SourceView | Target): JobView {
    return this.emit(createJob(this.db, filePath, this.profileFor(source)));
  }

  /** The earlier job that imported a file with the same content for the same source, if any. */
  async earlierImport(filePath: string, source: SourceInput | SourceView | Target): Promise<JobView | null> {
    return findEarlierImport(this.db, await fileSha256(filePath), this.profileFor(source)) ?? null;
  }

  /** The first rows of a file as a job under the source would map them, and any earlier import of it. */
  async preview(filePath: string, source: SourceInput | SourceView | Target): Promise<FilePreview> {
    const [preview, earlierImport] = await Promise.all([
      previewInWorker(filePath, this.profileFor(source), this.config.workerHeapMb),
      this.earlierImport(filePath, source),
    ]);
    return { ...preview, earlierImport };
  }

  /**
   * Stages the job's file, then syncs it when a server is given; otherwise it waits, staged. A
   * file split into batch parts syncs part after part; the first part's job is returned.
   */
  async runJob(jobId: string, mongoUri: string | null): Promise<JobView> {
    const staged = await this.stage(jobId);
    if (staged.state !== 'staged') return staged;
    const parts = staged.batchId ? listBatch(this.db, staged.batchId) : [staged];
    const done: JobView[] = [];
    for (const { id } of parts) {
      // A part may have been cancelled while the parts before it were sent.
      const part = requireJob(this.db, id);
      if (FINAL_JOB_STATES.has(part.state)) {
        done.push(part);
        continue;
      }
      // Once the server proved unreachable, the parts after wait too instead of each timing out.
      const offline = done.at(-1)?.state === 'waiting';
      done.push(await this.deliver(part, offline ? null : mongoUri));
    }
    return done[0] ?? staged;
  }

  /** Lists the jobs of a batch, part by part. */
  listBatch(batchId: string): JobView[] {
    return listBatch(this.db, batchId);
  }

  private deliver(job: JobView, mongoUri: string | null): Promise<JobView> {
    if (mongoUri !== null) return this.sync(job.id, mongoUri);
    return Promise.resolve(
      this.transition(
        job.id,
        'waiting',
        `${count(job.rowsStaged)} rows queued locally; waiting for a MongoDB connection`,
      ),
    );
  }

  /** Runs the job after the work already queued in this process. */
  enqueue(jobId: string, mongoUri: string | null): Promise<JobView> {
    return this.serially(() => this.runJob(jobId, mongoUri));
  }

  /**
   * Sends again only the rows of a finished job that MongoDB refused (after the cause was fixed
   * there), after the work already queued. Rows that failed validation need a corrected file.
   */
  retryFailedRows(jobId: string, mongoUri: string): Promise<JobView> {
    const job = requireJob(this.db, jobId);
    if (job.state !== 'completed_with_errors' && job.state !== 'failed') {
      throw new Error(
        `${job.fileName}: only a finished job with failed rows can be retried (this one is ${job.state})`,
      );
    }
    requeueFailedRows(this.db, jobId);
    // A sync that failed as a whole also left rows it never sent: they go with the retry.
    const pending = countPendingRows(this.db, jobId);
    if (pending === 0) {
      return Promise.resolve(
        this.emit(
          setJobState(
            this.db,
            jobId,
            job.state,
            'No rows failed to write: rows that failed validation need a corrected file',
          ),
        ),
      );
    }
    this.transition(jobId, 'staged', `${count(pending)} rows that failed to write are queued again`);
    return this.serially(() => this.sync(jobId, mongoUri));
  }

  /**
   * Syncs every job that has staged rows still to write, oldest first, after the work already
   * queued: a job is never synced by two loops at once, which would count its chunks twice.
   */
  syncQueued(mongoUri: string): Promise<JobView[]> {
    return this.serially(async () => {
      const done: JobView[] = [];
      for (const job of listJobs(this.db, SYNCABLE)) done.push(await this.sync(job.id, mongoUri));
      return done;
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Cancels a job. Staging stops at once (its worker is ended) and a sync stops after the chunk
   * in flight; rows not yet written are dropped from the local queue, rows already written stay.
   */
  cancel(jobId: string): JobView {
    const job = requireJob(this.db, jobId);
    if (FINAL_JOB_STATES.has(job.state)) return job;
    // While a file is read, the parts it has started belong to the file's job: stop that one.
    if (job.state === 'parsing' && job.batchId !== null && job.batchPart !== 1) {
      const file = listBatch(this.db, job.batchId).find((part) => part.batchPart === 1);
      if (file) return this.cancel(file.id);
    }
    const running = this.running.get(jobId);
    if (running) {
      running.abort();
      return job;
    }
    return this.recordCancel(jobId);
  }

  /** Cancels the job a file was given to and every batch part it was split into. */
  cancelFile(jobId: string): void {
    const job = requireJob(this.db, jobId);
    // A file still being read has no parts of its own yet: stopping the read drops them.
    const parts = job.batchId !== null && job.state !== 'parsing' ? listBatch(this.db, job.batchId) : [job];
    for (const part of parts) this.cancel(part.id);
  }

  /**
   * Drops what a stopped job would still have sent. Stopped while its file was read, nothing of
   * the file stays, batch parts it started included; stopped while syncing, rows already written
   * stay counted.
   */
  private dropUnsent(jobId: string): void {
    if (requireJob(this.db, jobId).state === 'parsing') resetStaging(this.db, jobId);
    else discardPendingRows(this.db, jobId);
  }

  private recordCancel(jobId: string): JobView {
    this.dropUnsent(jobId);
    const job = requireJob(this.db, jobId);
    const reached = job.rowsWritten + job.rowsUnchanged;
    return this.transition(
      jobId,
      'cancelled',
      reached > 0
        ? `Cancelled; ${reached.toLocaleString('en-US')} rows had already reached MongoDB and stay there`
        : 'Cancelled; nothing was written to MongoDB',
    );
  }

  /**
   * Runs one step of a job (staging, or one sync run) so that cancel() can abort it, and so that
   * it stops at the source's time limit; a job already cancelled is left as it is. The limit is
   * per step, so time spent waiting offline between steps does not count.
   */
  private async step(jobId: string, work: (signal: AbortSignal) => Promise<JobView>): Promise<JobView> {
    const current = requireJob(this.db, jobId);
    if (current.state === 'cancelled') return current;
    const controller = new AbortController();
    const { timeoutMinutes } = jobProfileOf(this.db, jobId).limits;
    // setTimeout takes at most 2^31-1 ms (about 24 days); a longer limit never fires early.
    const timer = setTimeout(
      () => {
        controller.abort(new JobTimeout(timeoutMinutes));
      },
      Math.min(timeoutMinutes * 60_000, MAX_TIMER_MS),
    );
    this.running.set(jobId, controller);
    const stopped = (): JobView =>
      controller.signal.reason instanceof JobTimeout
        ? this.recordTimeout(jobId, controller.signal.reason)
        : this.recordCancel(jobId);
    try {
      const result = await work(controller.signal);
      return controller.signal.aborted ? stopped() : result;
    } catch (error) {
      if (controller.signal.aborted) return stopped();
      throw error;
    } finally {
      clearTimeout(timer);
      this.running.delete(jobId);
    }
  }

  private recordTimeout(jobId: string, timeout: JobTimeout): JobView {
    this.dropUnsent(jobId);
    const job = requireJob(this.db, jobId);
    return this.transition(
      jobId,
      'failed',
      `Stopped: ${timeout.message} (timeout_minutes of source "${jobProfileOf(this.db, jobId).name}", or IMPORT_JOB_TIMEOUT_MINUTES). ` +
        `${count(job.rowsWritten + job.rowsUnchanged)} rows had reached MongoDB; import the file again to send the rest.`,
    );
  }

  stage(jobId: string): Promise<JobView> {
    return this.step(jobId, (signal) => this.stageStep(jobId, signal));
  }

  sync(jobId: string, mongoUri: string): Promise<JobView> {
    return this.step(jobId, (signal) => this.syncStep(jobId, mongoUri, signal));
  }

  private async stageStep(jobId: string, signal: AbortSignal): Promise<JobView> {
    const job = this.transition(jobId, 'parsing');
    const profile = jobProfileOf(this.db, jobId);
    const { warnBatchSize } = profile.limits;
    const largeBatch = (rows: number, exact: boolean): string =>
      `Large batch: ${exact ? '' : 'more than '}${count(rows)} rows, above the warning size of ${count(warnBatchSize)} for source "${profile.name}"`;
    let warned = false;
    try {
      // The digest is worked out beside the worker, so it costs no staging time on two cores.
      const [, sha256] = await Promise.all([
        stageInWorker(
          { jobId, dbPath: this.dbPath, filePath: job.filePath, profile, batchRows: this.config.stageBatchRows },
          this.config.workerHeapMb,
          (progress) => {
            if (!warned && progress.rowsParsed > warnBatchSize) {
              warned = true;
              setJobAlert(this.db, jobId, largeBatch(warnBatchSize, false));
            }
            this.emit(requireJob(this.db, jobId));
          },
          signal,
        ),
        fileSha256(job.filePath),
      ]);
      // Stopped after the read but before the digest: the file's parts must not become staged.
      signal.throwIfAborted();
      setFileSha256(this.db, jobId, sha256);
      const file = requireJob(this.db, jobId);
      const parts = file.batchId ? listBatch(this.db, file.batchId) : [file];
      const parsed = parts.reduce((sum, part) => sum + part.rowsParsed, 0);
      if (parsed > warnBatchSize) setJobAlert(this.db, jobId, largeBatch(parsed, true));
      if (file.batchId) finishBatch(this.db, jobId);
      for (const part of parts) this.transition(part.id, 'staged');
      return requireJob(this.db, jobId);
    } catch (error) {
      if (signal.aborted) throw error;
      // A file that cannot be imported whole leaves nothing queued: no part of it is sent.
      resetStaging(this.db, jobId);
      return this.transition(jobId, 'failed', errorMessage(error));
    }
  }

  private async syncStep(jobId: string, mongoUri: string, signal: AbortSignal): Promise<JobView> {
    const job = this.transition(jobId, 'syncing');
    try {
      const client = this.client(mongoUri);
      const collection = client.db(job.database).collection<ProductDocument>(job.collection);
      const indexKey = `${mongoUri}\n${job.database}.${job.collection}`;
      if (!this.indexedCollections.has(indexKey)) {
        await ensureEntityIndex(collection);
        this.indexedCollections.add(indexKey);
      }
      await syncStagedRows(this.db, job, collection, () => this.emit(requireJob(this.db, jobId)), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      if (isConnectionError(error)) {
        return this.transition(
          jobId,
          'waiting',
          `MongoDB at ${describeServer(mongoUri)} is unreachable (${errorMessage(error)}); the staged rows wait and sync when it is back`,
        );
      }
      return this.transition(jobId, 'failed', `Writing to MongoDB failed: ${errorMessage(error)}`);
    }
    const synced = requireJob(this.db, jobId);
    return this.transition(jobId, synced.rowsFailed > 0 ? 'completed_with_errors' : 'completed');
  }

  async close(): Promise<void> {
    await this.queue;
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
    this.db.close();
  }

  private client(uri: string): MongoClient {
    let client = this.clients.get(uri);
    if (!client) {
      client = createClient(uri);
      this.clients.set(uri, client);
    }
    return client;
  }

  private transition(jobId: string, state: JobView['state'], message: string | null = null): JobView {
    return this.emit(setJobState(this.db, jobId, state, message));
  }

  private emit(job: JobView): JobView {
    this.events.emit('job', job);
    return job;
  }
}
