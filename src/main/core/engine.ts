import { EventEmitter } from 'node:events';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoServerSelectionError, MongoTopologyClosedError, type MongoClient } from 'mongodb';
import {
  FINAL_JOB_STATES,
  type AppLimitsInput,
  type AppLimitsView,
  type BatchInput,
  type ConnectionView,
  type FilePreview,
  type JobView,
  type SourceInput,
  type SourceView,
  type Target,
} from '../../preload/contract';
import { appLimitsOf, withAppLimits } from './app-limits';
import { DATABASE_FILE_NAME, engineConfig, type EngineConfig } from './config';
import { fileSha256 } from './ingest/file-hash';
import { stageInWorker } from './ingest/run-worker';
import { Previews } from './previews';
import { attachFileRows } from './report/file-rows';
import { Scheduler } from './scheduler';
import { asSource, jobProfile, type JobProfile } from './sources/profile';
import { assignUpload, reuseImplicitPart } from './store/batches';
import { onlyReadable, openDatabase, type Db } from './store/database';
import { freeBytes, SpaceReserve, stagingSpaceMessage, syncSpaceMessage } from './store/disk-space';
import { whileBusy } from './store/busy';
import { isBusy, isDiskFull, unlessDiskFull } from './store/sqlite-errors';
import {
  createJob,
  fileJobs,
  findEarlierImport,
  findJob,
  jobProfileOf,
  listBatch,
  listJobs,
  pausedFrom,
  requireJob,
  resetStaging,
  setFileSha256,
  setJobAlert,
  setJobState,
  finishBatch,
} from './store/jobs';
import {
  claimAbandoned,
  claimLease,
  holdsLease,
  LeaseLost,
  otherHolder,
  processOwner,
  releaseLease,
  renewLeases,
  whileHolding,
} from './store/leases';
import { recogniseRetry, recordRetryOutcome } from './store/retries';
import { readAppLimits, writeAppLimits } from './store/settings';
import { countPendingRows, discardPendingRows, pruneSentRows, requeueFailedRows } from './store/staged-rows';
import { createClient, describeServer, isTransientError } from './sync/mongo';
import { ConnectionMonitor } from './sync/monitor';
import type { ProductDocument } from './sync/document';
import { serverTraits, type ServerTraits } from './sync/server';
import { syncStagedRows } from './sync/sync-job';
import { prepareTarget, withWarning } from './sync/target-setup';

/** The longest wait between two tries of a sync. */
const MAX_RETRY_DELAY_MS = 60_000;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const count = (n: number): string => n.toLocaleString('en-US');

const MAX_TIMER_MS = 2 ** 31 - 1;

const DAY_MS = 86_400_000;

/** Why a step was aborted when it was not the user's cancel: the job ran past its time limit. */
class JobTimeout extends Error {
  constructor(readonly minutes: number) {
    super(`the job ran longer than its ${minutes}-minute limit`);
  }
}

/** A step running in this process; a cancel asked for while it stops wins over a pause. */
interface RunningStep {
  controller: AbortController;
  done: Promise<JobView>;
  cancelled: boolean;
}

/** States a job must be in for each kind of step: another process may have moved it on meanwhile. */
const STAGEABLE: readonly JobView['state'][] = ['queued'];
const SYNCABLE: readonly JobView['state'][] = ['staged', 'waiting', 'syncing'];
/** States of jobs that still have work to do once a server answers: a queued one is staged first. */
const RESUMABLE = [...STAGEABLE, ...SYNCABLE];

/** Something the engine got over by itself, for the app's log and the CLI's stderr. */
export interface EngineWarning {
  event: 'queue-busy';
  message: string;
}

/** Why a step was aborted when the user paused the job. */
class PauseRequest extends Error {
  constructor() {
    super('paused');
  }
}

/**
 * The import engine: one local queue (SQLite) and the MongoDB servers it syncs to. The desktop
 * app, the CLI and the test harness all drive this same class.
 */
export class ImportEngine {
  private readonly events = new EventEmitter();
  private readonly clients = new Map<string, MongoClient>();
  /** Collections made ready for writes (server, namespace), with what the user's role made skip. */
  private readonly preparedTargets = new Map<string, string | null>();
  private readonly serverTraits = new Map<string, ServerTraits>();
  /** The step (staging or sync) running for a job in this process, to be aborted on cancel or pause. */
  private readonly running = new Map<string, RunningStep>();
  /** Batches whose file job runs in this process: it sends their parts in order. */
  private readonly activeBatches = new Set<string>();
  private readonly previews = new Previews();
  private readonly scheduler: Scheduler<JobView>;
  private readonly monitor: ConnectionMonitor;
  /** This process as the holder of job leases, shared with the CLI or the app beside it. */
  private readonly owner = processOwner();
  private readonly heartbeat: NodeJS.Timeout;
  /** The server the app is configured with: resumed jobs go there. */
  private server: string | null = null;
  /** The config given, with the app-wide limits saved in Settings in place of its own. */
  private current: EngineConfig;
  /** Room kept aside to record a job's failure once the disk is full (store/disk-space.ts). */
  private readonly reserve: SpaceReserve;

  private constructor(
    readonly db: Db,
    private readonly dbPath: string,
    private readonly base: EngineConfig,
  ) {
    this.current = withAppLimits(base, readAppLimits(db));
    this.reserve = new SpaceReserve(db, dirname(dbPath));
    this.scheduler = new Scheduler(this.current.workerConcurrency);
    this.monitor = new ConnectionMonitor(
      (uri) => this.ping(uri),
      base.monitorIntervalMs,
      (view, uri) => {
        this.connectionChanged(view, uri);
      },
    );
    this.heartbeat = setInterval(() => {
      // A timer's exception would end the process: a queue locked past the busy timeout waits a beat.
      try {
        this.beat();
      } catch (error) {
        // A full disk, or a queue opened only to be read on one, renews nothing until there is room.
        if (isDiskFull(error) || onlyReadable(this.db)) return;
        if (!isBusy(error)) throw error;
        this.warn(`The ${this.lockedQueue(error)}; the leases of this one are renewed at the next beat`);
      }
    }, base.leaseTtlMs / 3);
    this.heartbeat.unref();
  }

  /** Renews this process's leases, and stops the work of any job another process has taken over. */
  private beat(): void {
    renewLeases(this.db, this.owner, Date.now(), this.base.leaseTtlMs);
    for (const [jobId, run] of this.running) {
      if (!holdsLease(this.db, jobId, this.owner)) run.controller.abort(new LeaseLost(jobId));
    }
  }

  static open(dataDir: string, config: EngineConfig = engineConfig()): ImportEngine {
    const dbPath = join(dataDir, DATABASE_FILE_NAME);
    const engine = new ImportEngine(openDatabase(dbPath), dbPath, config);
    if (onlyReadable(engine.db)) return engine;
    engine.reserve.keep();
    // Reading the queue must work on a full disk: the housekeeping then waits for a later open.
    unlessDiskFull(() => {
      engine.pruneExpiredRows();
      engine.recover();
    });
    return engine;
  }

  /** What the engine runs under now: the config it was opened with and the limits saved in Settings. */
  get config(): EngineConfig {
    return this.current;
  }

  /** The app-wide limits saved in Settings, and those of the config it was opened with. */
  appLimits(): AppLimitsView {
    return { saved: readAppLimits(this.db), defaults: appLimitsOf(this.base) };
  }

  /**
   * Saves the app-wide limits and puts them in force: jobs at once from the next job start, queued
   * jobs included; the default rate limit for jobs created from now on (a job keeps the limits it
   * was created with, as it keeps its source); the retention at once. Gives the rows it pruned.
   */
  saveAppLimits(saved: AppLimitsInput): number {
    writeAppLimits(this.db, saved);
    this.current = withAppLimits(this.base, saved);
    this.scheduler.setMaxConcurrent(this.current.workerConcurrency);
    return this.pruneExpiredRows();
  }

  /** Deletes the sent rows of jobs that ended longer ago than the retention. */
  private pruneExpiredRows(): number {
    return pruneSentRows(this.db, new Date(Date.now() - this.current.retentionDays * DAY_MS));
  }

  /**
   * Takes back the jobs a process that is gone left mid-work: one stopped while its file was read
   * starts over (queued), one stopped while syncing resumes from its first unacknowledged chunk
   * (staged). They run again with the next sync, or as soon as the watched server answers.
   */
  private recover(): void {
    for (const { id, state } of claimAbandoned(this.db, this.owner, Date.now(), this.base.leaseTtlMs)) {
      // A file's own job resets the parts it started: those are gone by the time they come up.
      const job = findJob(this.db, id);
      if (job) {
        if (state === 'parsing' && (job.batchPart ?? 1) === 1) {
          resetStaging(this.db, id);
          this.transition(id, 'queued', 'The app stopped while reading this file; it is read again from the start');
        } else if (state === 'syncing') {
          this.transition(
            id,
            'staged',
            'The app stopped while syncing; the rows MongoDB had not acknowledged are sent again',
          );
        }
      }
      releaseLease(this.db, id, this.owner);
    }
  }

  onJob(listener: (job: JobView) => void): () => void {
    this.events.on('job', listener);
    return () => this.events.off('job', listener);
  }

  onConnection(listener: (view: ConnectionView) => void): () => void {
    this.events.on('connection', listener);
    return () => this.events.off('connection', listener);
  }

  onWarning(listener: (warning: EngineWarning) => void): () => void {
    this.events.on('warning', listener);
    return () => this.events.off('warning', listener);
  }

  private warn(message: string): void {
    const warning: EngineWarning = { event: 'queue-busy', message };
    this.events.emit('warning', warning);
  }

  private lockedQueue(error: unknown): string {
    return `local queue ${this.dbPath} is locked by another process (${errorMessage(error)})`;
  }

  listJobs(): JobView[] {
    return listJobs(this.db);
  }

  /** What a job for this source would run under: the source with the defaults in force filled in. */
  profileFor(source: SourceInput | SourceView | Target): JobProfile {
    return jobProfile(asSource(source), this.config.limits);
  }

  /**
   * A job for a file under a source, or under the default source of a bare target, in the upload
   * batch the user gives, else the one its file name (or, read later, its JSON envelope) names,
   * else its source's implicit batch.
   */
  createJob(filePath: string, source: SourceInput | SourceView | Target, batch: BatchInput | null = null): JobView {
    const job = createJob(this.db, filePath, this.profileFor(source));
    assignUpload(this.db, job.id, batch, this.config.batchWindowMs);
    return this.emit(requireJob(this.db, job.id));
  }

  /** The earlier job that imported a file with the same content for the same source, if any. */
  async earlierImport(filePath: string, source: SourceInput | SourceView | Target): Promise<JobView | null> {
    return findEarlierImport(this.db, await fileSha256(filePath), this.profileFor(source)) ?? null;
  }

  /**
   * The first rows of a file as a job under the source would map them, and any earlier import of
   * it. A newer preview of the same file, or cancelPreview, makes this one reject with
   * PreviewCancelled; past its time limit or heap cap, the preview's problem says so.
   */
  async preview(filePath: string, source: SourceInput | SourceView | Target): Promise<FilePreview> {
    const profile = this.profileFor(source);
    const limits = { heapMb: this.config.workerHeapMb, timeoutMs: this.config.previewTimeoutMs };
    return this.previews.run(
      filePath,
      profile,
      limits,
      (sha256) => findEarlierImport(this.db, sha256, profile) ?? null,
    );
  }

  /** Stops the preview of a file running in this process, if any; gives whether one was. */
  cancelPreview(filePath: string): boolean {
    return this.previews.cancel(filePath);
  }

  /**
   * Queues the job: once the scheduler lets it start, its file is staged, then synced when a
   * server is given; otherwise it waits, staged. A file split into batch parts syncs part after
   * part; the first part's job is returned.
   */
  runJob(jobId: string, mongoUri: string | null): Promise<JobView> {
    return this.submit(jobId, () => this.stageAndDeliver(jobId, mongoUri));
  }

  private async stageAndDeliver(jobId: string, mongoUri: string | null): Promise<JobView> {
    const staged = await this.stage(jobId);
    if (staged.state !== 'staged') return staged;
    const parts = fileJobs(this.db, staged);
    if (staged.batchId) this.activeBatches.add(staged.batchId);
    const done: JobView[] = [];
    try {
      for (const { id } of parts) {
        // A part may have been cancelled or paused while the parts before it were sent.
        const part = requireJob(this.db, id);
        if (FINAL_JOB_STATES.has(part.state) || part.state === 'paused') {
          done.push(part);
          continue;
        }
        // Once the server proved unreachable, the parts after wait too instead of each timing out.
        const offline = done.at(-1)?.state === 'waiting';
        done.push(await this.deliver(part, offline ? null : mongoUri));
      }
    } finally {
      if (staged.batchId) this.activeBatches.delete(staged.batchId);
    }
    return done[0] ?? staged;
  }

  /** Lists the jobs of a batch, part by part. */
  listBatch(batchId: string): JobView[] {
    return listBatch(this.db, batchId);
  }

  /**
   * Syncs a staged job to the server given, or else to the watched server if it answers now
   * (settings saved while the file was read count); with neither, the job waits.
   */
  private deliver(job: JobView, given: string | null): Promise<JobView> {
    const mongoUri = given ?? (this.monitor.current().state === 'online' ? this.server : null);
    if (mongoUri !== null) return this.sync(job.id, mongoUri);
    return Promise.resolve(
      this.transition(
        job.id,
        'waiting',
        `${count(job.rowsStaged)} rows queued locally; waiting for a MongoDB connection`,
      ),
    );
  }

  /** Hands a job's work to the scheduler under its source's concurrency and rate limit. */
  private submit(jobId: string, run: () => Promise<JobView>): Promise<JobView> {
    const { sourceId, limits } = jobProfileOf(this.db, jobId);
    return this.scheduler.submit({ key: jobId, group: sourceId ?? '', limits, run });
  }

  /**
   * Sends again only the rows of a finished job that MongoDB refused (after the cause was fixed
   * there). Rows that failed validation need a corrected file.
   */
  retryFailedRows(jobId: string, mongoUri: string): Promise<JobView> {
    const job = requireJob(this.db, jobId);
    if (job.state !== 'completed_with_errors' && job.state !== 'failed') {
      throw new Error(
        `${job.fileName}: only a finished job with failed rows can be retried (this one is ${job.state})`,
      );
    }
    if (job.state === 'failed' && job.fileSha256 === null) {
      // Its file was never read through (the disk filled up, the time ran out): it is read again.
      this.transition(jobId, 'queued', 'Queued again: the file is read again from the start');
      return this.runJob(jobId, mongoUri);
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
            'No rows are left to send again: rows that failed validation need a corrected file, and rows a retry import recovered are in MongoDB already',
          ),
        ),
      );
    }
    this.transition(jobId, 'staged', `${count(pending)} rows that failed to write are queued again`);
    return this.submit(jobId, () => this.sync(jobId, mongoUri));
  }

  /**
   * Runs every job that still has work, oldest first: queued ones are staged and synced, staged
   * and waiting ones synced. A job already running (here, or in another process) is not run twice.
   */
  syncQueued(mongoUri: string): Promise<JobView[]> {
    const jobs = listJobs(this.db, RESUMABLE).filter((job) => !(job.batchId && this.activeBatches.has(job.batchId)));
    return Promise.all(
      jobs.map((job) =>
        job.state === 'queued' ? this.runJob(job.id, mongoUri) : this.submit(job.id, () => this.sync(job.id, mongoUri)),
      ),
    );
  }

  /**
   * Watches the configured server (null: none). Its state reaches onConnection listeners, and
   * when it answers after being away, every job waiting for it syncs.
   */
  watchServer(uri: string | null): Promise<ConnectionView> {
    this.server = uri;
    return this.monitor.watch(uri);
  }

  connection(): ConnectionView {
    return this.monitor.current();
  }

  private connectionChanged(view: ConnectionView, uri: string | null): void {
    this.events.emit('connection', view);
    if (view.state === 'online' && uri !== null) void this.syncQueued(uri);
  }

  private async ping(uri: string): Promise<void> {
    try {
      await this.client(uri).db('admin').command({ ping: 1 });
    } catch (error) {
      this.dropFailedClient(uri, error);
      throw error;
    }
  }

  /**
   * Cancels a job. Staging stops at once (its worker is ended) and a sync stops after the chunk
   * in flight; rows not yet written are dropped from the local queue, rows already written stay.
   */
  cancel(jobId: string): JobView {
    const job = requireJob(this.db, jobId);
    if (FINAL_JOB_STATES.has(job.state)) return job;
    const file = this.readingFile(job);
    if (file) return this.cancel(file.id);
    const running = this.running.get(jobId);
    if (running) {
      running.cancelled = true;
      running.controller.abort();
      return job;
    }
    this.refuseIfElsewhere(job, 'cancelled');
    return this.recordCancel(jobId);
  }

  /** The other live process working on the job now, in words, or null when none is. */
  workedOnElsewhere(jobId: string): string | null {
    return otherHolder(this.db, jobId, this.owner, Date.now(), this.base.leaseTtlMs);
  }

  /** A job another process works on can only be stopped there. */
  private refuseIfElsewhere(job: JobView, action: string): void {
    const holder = this.workedOnElsewhere(job.id);
    if (holder) {
      throw new Error(
        `${job.fileName}: another Import Console process (the app or the CLI; ${holder}) is working on this job; it can only be ${action} there`,
      );
    }
  }

  /** While a file is read, the parts it has started belong to the file's job. */
  private readingFile(job: JobView): JobView | undefined {
    if (job.state !== 'parsing' || job.batchId === null || job.batchPart === 1) return undefined;
    return listBatch(this.db, job.batchId).find((part) => part.batchPart === 1);
  }

  /** Cancels the job a file was given to and every batch part it was split into. */
  cancelFile(jobId: string): void {
    const job = requireJob(this.db, jobId);
    // A file still being read has no parts of its own yet: stopping the read drops them.
    const parts = job.batchId !== null && job.state !== 'parsing' ? listBatch(this.db, job.batchId) : [job];
    for (const part of parts) this.cancel(part.id);
  }

  /**
   * Holds a job until it is resumed. A sync stops after its chunk in flight and keeps its rows
   * queued; a file being read stops at once and is read again from the start on resume.
   */
  pause(jobId: string): JobView {
    const job = requireJob(this.db, jobId);
    if (FINAL_JOB_STATES.has(job.state) || job.state === 'paused') return job;
    const file = this.readingFile(job);
    if (file) return this.pause(file.id);
    const running = this.running.get(jobId);
    if (running) {
      running.controller.abort(new PauseRequest());
      return job;
    }
    this.refuseIfElsewhere(job, 'paused');
    return this.recordPause(jobId);
  }

  /** Puts a paused job back in the queue; it runs against the watched server, or waits for one. */
  resume(jobId: string): JobView {
    const job = requireJob(this.db, jobId);
    if (job.state !== 'paused') {
      throw new Error(`${job.fileName}: only a paused job can be resumed (this one is ${job.state})`);
    }
    const state = pausedFrom(this.db, jobId);
    const resumed = this.transition(jobId, state, 'Resumed');
    void (state === 'queued'
      ? this.runJob(jobId, null)
      : this.submit(jobId, () => this.deliver(requireJob(this.db, jobId), null)));
    return resumed;
  }

  private recordPause(jobId: string): JobView {
    const job = requireJob(this.db, jobId);
    if (job.state === 'parsing' || job.state === 'queued') {
      resetStaging(this.db, jobId);
      return this.emit(setJobState(this.db, jobId, 'paused', 'Paused; the file is read again when resumed', 'queued'));
    }
    return this.emit(
      setJobState(
        this.db,
        jobId,
        'paused',
        `Paused; ${count(countPendingRows(this.db, jobId))} rows wait to be sent`,
        'staged',
      ),
    );
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
   * Runs one step of a job (staging, or one sync run) so that cancel() and pause() can abort it,
   * and so that it stops at the source's time limit; a cancelled or paused job is left as it is.
   * The step holds the job's lease: a job another live process works on is left to it. The limit
   * is per step, so time spent waiting offline between steps does not count.
   */
  private step(
    jobId: string,
    from: readonly JobView['state'][],
    work: (signal: AbortSignal) => Promise<JobView>,
  ): Promise<JobView> {
    const existing = this.running.get(jobId);
    if (existing) return existing.done;
    if (!claimLease(this.db, jobId, this.owner, Date.now(), this.base.leaseTtlMs)) {
      return Promise.resolve(requireJob(this.db, jobId));
    }
    // Read after the lease is held: another process may have finished, cancelled or paused it.
    const current = requireJob(this.db, jobId);
    if (!from.includes(current.state)) {
      releaseLease(this.db, jobId, this.owner);
      return Promise.resolve(current);
    }
    const run: RunningStep = { controller: new AbortController(), done: Promise.resolve(current), cancelled: false };
    this.running.set(jobId, run);
    run.done = this.runStep(jobId, run, work);
    return run.done;
  }

  private async runStep(
    jobId: string,
    run: RunningStep,
    work: (signal: AbortSignal) => Promise<JobView>,
  ): Promise<JobView> {
    const { controller } = run;
    const { timeoutMinutes } = jobProfileOf(this.db, jobId).limits;
    // setTimeout takes at most 2^31-1 ms (about 24 days); a longer limit never fires early.
    const timer = setTimeout(
      () => {
        controller.abort(new JobTimeout(timeoutMinutes));
      },
      Math.min(timeoutMinutes * 60_000, MAX_TIMER_MS),
    );
    const stopped = (): JobView => {
      const reason: unknown = controller.signal.reason;
      // The job is another process's now: its state is that process's to set.
      if (reason instanceof LeaseLost) return requireJob(this.db, jobId);
      if (reason instanceof JobTimeout) return this.recordTimeout(jobId, reason);
      if (reason instanceof PauseRequest && !run.cancelled) return this.recordPause(jobId);
      return this.recordCancel(jobId);
    };
    try {
      const result = await work(controller.signal);
      return controller.signal.aborted ? stopped() : result;
    } catch (error) {
      if (error instanceof LeaseLost) return requireJob(this.db, jobId);
      if (controller.signal.aborted) return stopped();
      if (isDiskFull(error)) return this.failForSpace(jobId);
      if (isBusy(error)) return this.waitForQueue(jobId, error);
      throw error;
    } finally {
      clearTimeout(timer);
      this.running.delete(jobId);
      releaseLease(this.db, jobId, this.owner);
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
    return this.step(jobId, STAGEABLE, (signal) => this.stageStep(jobId, signal));
  }

  async sync(jobId: string, mongoUri: string): Promise<JobView> {
    const job = await this.step(jobId, SYNCABLE, (signal) => this.syncStep(jobId, mongoUri, signal));
    return job.state === 'completed' || job.state === 'completed_with_errors' ? this.afterSync(job) : job;
  }

  /**
   * Once every row of a job was sent, outside its step, so that a cancel or the time limit can no
   * longer touch its outcome: refused rows get their file row back, and a retry's outcome is
   * counted on the job it retried. Both are idempotent.
   */
  private async afterSync(job: JobView): Promise<JobView> {
    await attachFileRows(this.db, job, jobProfileOf(this.db, job.id));
    this.emitJobs(recordRetryOutcome(this.db, job.id));
    return requireJob(this.db, job.id);
  }

  private async stageStep(jobId: string, signal: AbortSignal): Promise<JobView> {
    this.reserve.keep();
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
      // The jobs it retries have fewer rows left to send again: the app learns so at once.
      this.emitJobs(recogniseRetry(this.db, jobId)?.changed ?? []);
      reuseImplicitPart(this.db, jobId);
      const file = requireJob(this.db, jobId);
      const parts = fileJobs(this.db, file);
      const parsed = parts.reduce((sum, part) => sum + part.rowsParsed, 0);
      if (parsed > warnBatchSize) setJobAlert(this.db, jobId, largeBatch(parsed, true));
      if (file.batchId) finishBatch(this.db, jobId);
      for (const part of parts) this.transition(part.id, 'staged');
      return requireJob(this.db, jobId);
    } catch (error) {
      // The disk or the queue's lock, not the file: the step's end records why (runStep).
      if (signal.aborted || isDiskFull(error) || isBusy(error)) throw error;
      // A file that cannot be imported whole leaves nothing queued: no part of it is sent.
      resetStaging(this.db, jobId);
      return this.transition(jobId, 'failed', errorMessage(error));
    }
  }

  /**
   * The queue stayed locked past a step's patience: the job waits (a file being read is read
   * again), its rows kept, and goes on with the next sync, as after an outage. Recording that
   * needs the lock too; without it the job stays as it is, to the same effect.
   */
  private waitForQueue(jobId: string, error: unknown): JobView {
    const message = `The ${this.lockedQueue(error)} for over a minute; the job goes on with the next sync`;
    this.warn(message);
    try {
      // A job not read yet, or not through, is read again: only staged rows can wait for a sync.
      const { state } = requireJob(this.db, jobId);
      if (state !== 'parsing' && state !== 'queued') return this.transition(jobId, 'waiting', message);
      resetStaging(this.db, jobId);
      return this.transition(jobId, 'queued', message);
    } catch (again) {
      if (!isBusy(again)) throw again;
      return requireJob(this.db, jobId);
    }
  }

  /**
   * The disk under the queue filled up during a step: the reserve's space records why the job
   * failed. A file being read has its rows read so far dropped if that fits too (else when it is
   * retried and read again); a sync keeps its rows queued for a retry.
   */
  private failForSpace(jobId: string): JobView {
    const dataDir = dirname(this.dbPath);
    const free = freeBytes(dataDir);
    this.reserve.release();
    const job = requireJob(this.db, jobId);
    if (job.state !== 'queued' && job.state !== 'parsing') {
      return this.transition(jobId, 'failed', syncSpaceMessage(dataDir, free));
    }
    const dropped = unlessDiskFull(() => {
      resetStaging(this.db, jobId);
    });
    return this.transition(jobId, 'failed', stagingSpaceMessage(dataDir, job.filePath, free, !dropped));
  }

  /**
   * Sends the job's staged rows. A transient failure (server unreachable, connection lost, primary
   * stepping down) is tried again after a wait that doubles each time, with jitter so that many
   * jobs do not come back at once, up to the source's retries; then the job waits for the server,
   * rows still staged. Rows the server refuses are error rows, never a reason to retry.
   */
  private async syncStep(jobId: string, mongoUri: string, signal: AbortSignal): Promise<JobView> {
    const job = this.transition(jobId, 'syncing');
    const profile = jobProfileOf(this.db, jobId);
    const server = describeServer(mongoUri);
    for (let attempt = 0; ; attempt++) {
      try {
        // A chunk whose recording met the lock is sent again: what MongoDB holds settles it (writes.md).
        await whileBusy(() => this.syncOnce(job, profile, mongoUri, signal), {
          signal,
          onBusy: (error, wait) => {
            this.warn(`${job.fileName}: the ${this.lockedQueue(error)}; the sync tries again in ${wait} ms`);
          },
        });
        break;
      } catch (error) {
        if (signal.aborted || error instanceof LeaseLost) throw error;
        // The disk or the queue's lock, not MongoDB: the step's end records why (runStep).
        if (isDiskFull(error) || isBusy(error)) throw error;
        if (!isTransientError(error)) {
          return this.transition(jobId, 'failed', `Writing to MongoDB failed: ${errorMessage(error)}`);
        }
        this.dropFailedClient(mongoUri, error);
        this.monitor.reportUnreachable(mongoUri, error);
        if (attempt >= profile.limits.retries) {
          return this.transition(
            jobId,
            'waiting',
            `MongoDB at ${server} is unreachable (${errorMessage(error)}); the staged rows wait and sync when it is back`,
          );
        }
        const delay = Math.min(MAX_RETRY_DELAY_MS, this.config.retryBaseDelayMs * 2 ** attempt) * (0.5 + Math.random());
        this.transition(
          jobId,
          'syncing',
          `MongoDB at ${server} did not answer (${errorMessage(error)}); trying again in ${Math.ceil(delay / 1000)} s ` +
            `(retry ${attempt + 1} of ${profile.limits.retries})`,
        );
        await sleep(delay, undefined, { signal });
      }
    }
    const synced = requireJob(this.db, jobId);
    return this.transition(jobId, synced.rowsFailed > 0 ? 'completed_with_errors' : 'completed');
  }

  private async syncOnce(job: JobView, profile: JobProfile, mongoUri: string, signal: AbortSignal): Promise<void> {
    const database = this.client(mongoUri).db(job.database);
    const collection = database.collection<ProductDocument>(job.collection);
    const indexKey = `${mongoUri}\n${job.database}.${job.collection}`;
    let skipped = this.preparedTargets.get(indexKey);
    if (skipped === undefined) {
      const { snapshots } = await this.traits(mongoUri);
      skipped = await prepareTarget(collection, `${job.database}.${job.collection}`, snapshots);
      this.preparedTargets.set(indexKey, skipped);
    }
    const alert = skipped === null ? null : withWarning(requireJob(this.db, job.id).alert, skipped);
    if (alert !== null) this.emit(setJobAlert(this.db, job.id, alert));
    const history = profile.historyCollection ? database.collection<ProductDocument>(profile.historyCollection) : null;
    const origin = {
      jobId: job.id,
      sourceId: job.sourceId,
      batchId: job.batchId,
      batchPart: job.batchPart,
      queuedAt: new Date(job.queuedAt),
    };
    // A snapshot serves the parts of one file read by this process, never a later import.
    const snapshotKey = `${describeServer(mongoUri)}/${job.database}.${job.collection}#${job.wholesalerId}@${fileJobs(this.db, job)[0]?.id ?? job.id}/${this.owner}`;
    await syncStagedRows(
      this.db,
      job,
      { target: { collection, history, origin }, traits: await this.traits(mongoUri), snapshotKey, owner: this.owner },
      () => this.emit(requireJob(this.db, job.id)),
      signal,
    );
  }

  /** Waits for the work under way, then lets go of the servers and the local queue. */
  async close(): Promise<void> {
    this.previews.cancelAll();
    this.monitor.stop();
    clearInterval(this.heartbeat);
    await this.scheduler.idle();
    await Promise.all([...this.clients.values()].map((client) => client.close()));
    this.clients.clear();
    this.db.close();
  }

  /** What kind of server a URI names, asked once per client (sync/server.ts). */
  private async traits(uri: string): Promise<ServerTraits> {
    let traits = this.serverTraits.get(uri);
    if (!traits) {
      traits = await serverTraits(this.client(uri));
      this.serverTraits.set(uri, traits);
    }
    return traits;
  }

  private client(uri: string): MongoClient {
    let client = this.clients.get(uri);
    if (!client) {
      client = createClient(uri);
      this.clients.set(uri, client);
    }
    return client;
  }

  /**
   * Lets go of a client that could not select a server: the driver closes a client whose first
   * connection failed, and every later operation on it fails at once, so the next try needs a
   * new one.
   */
  private dropFailedClient(uri: string, error: unknown): void {
    if (!(error instanceof MongoServerSelectionError || error instanceof MongoTopologyClosedError)) return;
    const client = this.clients.get(uri);
    this.clients.delete(uri);
    this.preparedTargets.clear();
    void client?.close();
  }

  /** Sets a job's state; while this process runs the job, only as long as it still holds its lease. */
  private transition(jobId: string, state: JobView['state'], message: string | null = null): JobView {
    if (!this.running.has(jobId)) return this.emit(setJobState(this.db, jobId, state, message));
    return this.emit(whileHolding(this.db, jobId, this.owner, () => setJobState(this.db, jobId, state, message)));
  }

  private emit(job: JobView): JobView {
    this.events.emit('job', job);
    return job;
  }

  /** Announces jobs that changed as a side effect of another's work (a retry's outcome). */
  private emitJobs(ids: readonly string[]): void {
    for (const id of ids) this.emit(requireJob(this.db, id));
  }
}
