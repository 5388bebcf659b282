import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { MongoClient } from 'mongodb';
import { FINAL_JOB_STATES, type JobView } from '../../preload/contract';
import { DATABASE_FILE_NAME, engineConfig, type EngineConfig } from './config';
import { stageInWorker } from './ingest/run-worker';
import { openDatabase, type Db } from './store/database';
import { createJob, listJobs, requireJob, setJobState, type JobTarget } from './store/jobs';
import { discardPendingRows } from './store/staged-rows';
import { createClient, describeServer, ensureEntityIndex, isConnectionError } from './sync/mongo';
import type { ProductDocument } from './sync/document';
import { syncStagedRows } from './sync/sync-job';

const SYNCABLE = ['staged', 'waiting', 'syncing'] as const;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
    return new ImportEngine(openDatabase(dbPath), dbPath, config);
  }

  onJob(listener: (job: JobView) => void): () => void {
    this.events.on('job', listener);
    return () => this.events.off('job', listener);
  }

  listJobs(): JobView[] {
    return listJobs(this.db);
  }

  createJob(filePath: string, target: JobTarget): JobView {
    return this.emit(createJob(this.db, filePath, target, this.config.chunkSize));
  }

  /** Stages the job's file, then syncs it when a server is given; otherwise it waits, staged. */
  async runJob(jobId: string, mongoUri: string | null): Promise<JobView> {
    const staged = await this.stage(jobId);
    if (staged.state !== 'staged') return staged;
    if (mongoUri === null) {
      return this.transition(
        jobId,
        'waiting',
        `${staged.rowsStaged.toLocaleString('en-US')} rows queued locally; waiting for a MongoDB connection`,
      );
    }
    return this.sync(jobId, mongoUri);
  }

  /** Runs the job after the work already queued in this process. */
  enqueue(jobId: string, mongoUri: string | null): Promise<JobView> {
    return this.serially(() => this.runJob(jobId, mongoUri));
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
    const running = this.running.get(jobId);
    if (running) {
      running.abort();
      return job;
    }
    return this.recordCancel(jobId);
  }

  private recordCancel(jobId: string): JobView {
    discardPendingRows(this.db, jobId);
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

  /** Runs one step of a job so that cancel() can abort it; a job already cancelled is left as it is. */
  private async step(jobId: string, work: (signal: AbortSignal) => Promise<JobView>): Promise<JobView> {
    const current = requireJob(this.db, jobId);
    if (current.state === 'cancelled') return current;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    try {
      const result = await work(controller.signal);
      return controller.signal.aborted ? this.recordCancel(jobId) : result;
    } catch (error) {
      if (controller.signal.aborted) return this.recordCancel(jobId);
      throw error;
    } finally {
      this.running.delete(jobId);
    }
  }

  stage(jobId: string): Promise<JobView> {
    return this.step(jobId, (signal) => this.stageStep(jobId, signal));
  }

  sync(jobId: string, mongoUri: string): Promise<JobView> {
    return this.step(jobId, (signal) => this.syncStep(jobId, mongoUri, signal));
  }

  private async stageStep(jobId: string, signal: AbortSignal): Promise<JobView> {
    const job = this.transition(jobId, 'parsing');
    try {
      await stageInWorker(
        {
          jobId,
          dbPath: this.dbPath,
          filePath: job.filePath,
          wholesalerId: job.wholesalerId,
          batchRows: this.config.stageBatchRows,
        },
        this.config.workerHeapMb,
        () => this.emit(requireJob(this.db, jobId)),
        signal,
      );
      return this.transition(jobId, 'staged');
    } catch (error) {
      if (signal.aborted) throw error;
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
