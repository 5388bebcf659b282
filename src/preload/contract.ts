/**
 * The one definition of the IPC surface between main and the renderer.
 *
 * Each method has a runtime argument check (main runs it on every call, because the renderer is
 * untrusted) and a result type. Preload, main's IPC binding, the renderer and the e2e harness all
 * derive from this file, so a method cannot exist in one place and not the others.
 */

/** The file types an import accepts, by extension. */
export const IMPORTABLE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.json', '.ndjson', '.jsonl'] as const;

export const JOB_STATES = [
  'queued',
  'parsing',
  'staged',
  'waiting',
  'syncing',
  'paused',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
] as const;
export type JobState = (typeof JOB_STATES)[number];

/** States a job never leaves. */
export const FINAL_JOB_STATES: ReadonlySet<JobState> = new Set([
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
]);

export interface JobView {
  id: string;
  fileName: string;
  filePath: string;
  state: JobState;
  wholesalerId: string;
  database: string;
  collection: string;
  rowsParsed: number;
  rowsStaged: number;
  rowsWritten: number;
  /** Rows whose content MongoDB already held: nothing was written for them. */
  rowsUnchanged: number;
  rowsFailed: number;
  chunkSize: number;
  chunksWritten: number;
  /** Rows whose entity_code came again later in the file, the later row kept (last-row-wins sources). */
  rowsRepeated: number;
  sourceId: string | null;
  sourceName: string;
  fileSha256: string | null;
  /** Set when the file was split into parts of at most the source's max_batch_size rows. */
  batchId: string | null;
  batchPart: number | null;
  batchTotalParts: number | null;
  /** The upload batch the file belongs to (a sender's parts, or an implicit batch); null for a retry. */
  upload: UploadPart | null;
  /** The job whose exported error rows this file is a corrected copy of. */
  parentJobId: string | null;
  /** Rows of this job that failed and that a later retry import got into MongoDB. */
  rowsRecovered: number;
  /** Rows "Retry failed rows" would send: refused by MongoDB or never sent, and not recovered since. */
  rowsRetryable: number;
  /** Rows not sent because MongoDB holds their entity from work queued later (another file, machine or tool). */
  rowsSuperseded: number;
  /** The job's place in the order of queued work: the file's envelope timestamp, else when it was queued. */
  queuedAt: string;
  /** Why the job is waiting or failed, in words a catalog manager can act on. */
  message: string | null;
  /** Something the user should know though the job goes on, such as a batch above the warning size. */
  alert: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Where a file's batch metadata came from: the import dialog or CLI flags, the JSON envelope,
 * the file name (`catalog_part3of10.csv`), or none (imports of one source close in time).
 */
export const BATCH_ORIGINS = ['user', 'envelope', 'file_name', 'implicit'] as const;
export type BatchOrigin = (typeof BATCH_ORIGINS)[number];

/** Batch metadata the user gives for a file (import dialog, CLI flags). */
export interface BatchInput {
  batchId: string;
  part: number;
  totalParts: number | null;
  totalItems: number | null;
}

/** A file's place in an upload batch. */
export interface UploadPart extends BatchInput {
  origin: BatchOrigin;
}

export const BATCH_STATES = ['incomplete', 'in_progress', 'complete', 'partial_success', 'failed'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

/** One part of a batch: the latest file sent for it (a file split by size has several jobs). */
export interface BatchPartView {
  part: number;
  fileName: string;
  /** The file's jobs, split parts in order; the first is the file's own. */
  jobs: JobView[];
  state: JobState;
  /** Earlier files sent for this part that this one replaced. */
  resends: number;
  rowsParsed: number;
  rowsWritten: number;
  rowsUnchanged: number;
  rowsFailed: number;
  rowsRecovered: number;
  updatedAt: string;
}

export interface BatchView {
  id: string;
  origin: BatchOrigin;
  sourceName: string;
  state: BatchState;
  /** Declared number of parts; null when no file said (implicit batches). */
  totalParts: number | null;
  /** Declared number of items in the whole batch, when a file said. */
  totalItems: number | null;
  parts: BatchPartView[];
  missingParts: number[];
  /** What the parts say that does not add up: reported, never silently accepted. */
  problems: string[];
  /** Retry imports of this batch's exported error rows. */
  retries: JobView[];
  rowsParsed: number;
  rowsWritten: number;
  rowsUnchanged: number;
  rowsFailed: number;
  rowsRecovered: number;
  createdAt: string;
  updatedAt: string;
}

/** Whose error rows: one job (with its split parts) or a whole batch. */
export interface ErrorScope {
  kind: 'job' | 'batch';
  id: string;
}

export const ERROR_STAGES = ['parse', 'validate', 'write'] as const;

export interface ErrorFilter {
  stage: (typeof ERROR_STAGES)[number] | null;
  column: string | null;
  /** Text the message, value or row must contain (case-insensitive); empty: any. */
  text: string;
  /** One message group, as errorSummary names it. */
  group: string | null;
}

/** Every outstanding error row in scope: the filter with nothing set. */
export const ALL_ERRORS: ErrorFilter = { stage: null, column: null, text: '', group: null };

/** An error row as the Errors view lists it. */
export interface ErrorRowView extends RowError {
  id: number;
  jobId: string;
  fileName: string;
}

export interface ErrorPage {
  total: number;
  rows: ErrorRowView[];
}

/** Rows that failed for the same reason: a message with its values taken out, and how many. */
export interface ErrorGroup {
  group: string;
  stage: RowError['stage'];
  count: number;
}

export interface ErrorSummary {
  /** Rows matching the filter; the rows a retry recovered are not counted. */
  total: number;
  groups: ErrorGroup[];
  /** Columns named by the error rows in scope, for the column filter. */
  columns: string[];
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResult {
  /** Where the file was written; null when the user closed the save dialog. */
  path: string | null;
  rows: number;
}

/** Whether the configured MongoDB answers; jobs wait while it does not and sync when it is back. */
export const CONNECTION_STATES = ['online', 'offline', 'not_configured'] as const;
export interface ConnectionView {
  state: (typeof CONNECTION_STATES)[number];
  /** The server's hosts, without credentials. */
  server: string | null;
  /** Why it is offline, as the driver said it. */
  message: string | null;
  checkedAt: string | null;
}

/** A row that could not be imported: where it is in the file, what is wrong, and the row as written. */
export interface RowError {
  /** The row as a spreadsheet numbers it (the header is row 1); null for errors of no one row. */
  rowNo: number | null;
  /** The line a text editor shows (for XLSX, the row). */
  lineNo: number | null;
  stage: 'parse' | 'validate' | 'write';
  column: string | null;
  value: string | null;
  message: string;
  /** MongoDB's error code, for write errors. */
  code: string | null;
  raw: string | null;
  /** The row's cells as read, for a tabular file: what an export gives back, column by column. */
  fields: string[] | null;
  /** The row's entity_code when it could be read: how a retry finds the row it corrects. */
  entityCode: string | null;
}

/** How a column of the file is mapped, for the preview: by a source's rule, a known name, or its own name. */
export interface PreviewColumn {
  column: string;
  field: string;
  type: FieldType;
  required: boolean;
  by: 'rule' | 'synonym' | 'name';
  /** What a header name had to become to be a MongoDB field. */
  note: string | null;
}

/** The decimal separator a file's numbers are read with, and why that one. */
export interface DecimalReading {
  separator: DecimalSeparator;
  /**
   * source: the source sets it; detected: the number cells of a CSV file's first rows show it;
   * ambiguous: they do not (no decimals, only values like 1,234 that read either way, or both
   * ways of writing), so '.' is used; spreadsheet: XLSX number cells are always written with '.'.
   */
  how: 'source' | 'detected' | 'ambiguous' | 'spreadsheet';
  /** The same in words, with the value that decided it or what left it undecided. */
  note: string;
}

/** What a file will give before a job starts: its format, its mapping, its first rows and their errors. */
export interface FilePreview {
  filePath: string;
  fileName: string;
  format: 'csv' | 'xlsx' | 'json';
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  sheet: string | null;
  /** How numbers are read: null for JSON, whose numbers are typed, and before the header is read. */
  decimal: DecimalReading | null;
  /** The header row as read (empty for JSON). */
  header: string[];
  columns: PreviewColumn[];
  unmapped: string[];
  /** The first rows mapped, as the documents they become. */
  rows: { rowNo: number; document: Record<string, unknown> }[];
  errors: RowError[];
  /** Why fewer rows are shown than the file's first 50: they hold more text than a preview carries. */
  shortened: string | null;
  /** Why the file cannot be imported at all, when it cannot. */
  problem: string | null;
  /** An earlier job that imported this same file (same sha256) for the same source. */
  earlierImport: JobView | null;
}

/** The answer to a preview that a newer preview of the same file, or cancelPreview, stopped. */
export interface CancelledPreview {
  filePath: string;
  cancelled: true;
}

export interface SettingsView {
  /** The URI itself never leaves main; the renderer only learns whether one is stored. */
  mongoUriSet: boolean;
  database: string;
  collection: string;
  wholesalerId: string;
}

/** The app's memory, and whether it is above the alert threshold. */
export interface HealthView {
  rssMb: number;
  thresholdMb: number;
  memoryPressure: boolean;
}

/** What a connection test found: the server's version, or the driver's exact failure. */
export interface ConnectionTest {
  ok: boolean;
  /** The server's hosts, without credentials. */
  server: string;
  /** The version the server reports (buildInfo), when it answered. */
  version: string | null;
  /** Why it failed, as the driver said it. */
  message: string | null;
  milliseconds: number;
}

export interface SettingsInput {
  /** An empty string keeps the stored URI. */
  mongoUri: string;
  database: string;
  collection: string;
  wholesalerId: string;
}

/** How a cell's text becomes a value; `gtin` is text whose EAN/GTIN check digit must hold. */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'gtin'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];
export const DECIMAL_SEPARATORS = ['.', ','] as const;
export type DecimalSeparator = (typeof DECIMAL_SEPARATORS)[number];

/** What a file with more rows than max_batch_size becomes. */
export const OVERSIZE_POLICIES = ['reject', 'split', 'accept'] as const;
export const DUPLICATE_POLICIES = ['error', 'last_wins'] as const;
/** A blank cell leaves the field out of the document, or stores it empty (null when typed). */
export const BLANK_POLICIES = ['absent', 'empty'] as const;

/** One column of a source file and the document field it fills. */
export interface ColumnRule {
  /** The header text, matched ignoring case, spaces, punctuation and accents. */
  column: string;
  /** A dot path such as `attributes.color`; null leaves the column out. */
  field: string | null;
  type: FieldType;
  required: boolean;
}

/**
 * The largest limits a source (or the environment) may set: a chunk is one bulkWrite held in
 * memory, and a timeout of more than 30 days means none.
 */
export const SOURCE_LIMIT_MAXIMUMS = {
  maxBatchSize: 10_000_000,
  warnBatchSize: 10_000_000,
  chunkSize: 10_000,
  timeoutMinutes: 43_200,
  concurrency: 16,
  rateLimitMax: 10_000,
  rateLimitDurationMs: 86_400_000,
  retries: 20,
} as const;

/** Per-source limits; null takes the environment's default. */
export interface SourceLimits {
  maxBatchSize: number | null;
  warnBatchSize: number | null;
  chunkSize: number | null;
  timeoutMinutes: number | null;
  oversize: (typeof OVERSIZE_POLICIES)[number] | null;
  /** Jobs of this source that may run at once, never more than the app's jobs at once (null: as many). */
  concurrency: number | null;
  /** At most rateLimitMax job starts of this source per rateLimitDurationMs. */
  rateLimitMax: number | null;
  rateLimitDurationMs: number | null;
  /** Times a sync is tried again after a transient failure before the job waits; 0 waits at once. */
  retries: number | null;
}

/** A named import profile: where rows go and how a file's columns become fields. */
export interface SourceInput {
  name: string;
  database: string;
  collection: string;
  wholesalerId: string;
  /** Rules for the columns named; the others are auto-mapped, or left out when `unmapped` is 'ignore'. */
  columns: ColumnRule[];
  unmapped: 'import' | 'ignore';
  /** null detects it from a CSV file's first rows ('.' when they do not tell, and for XLSX). */
  decimalSeparator: DecimalSeparator | null;
  trim: boolean;
  blanks: (typeof BLANK_POLICIES)[number];
  duplicates: (typeof DUPLICATE_POLICIES)[number];
  /** CSV encoding and delimiter, and the XLSX sheet; null detects them (first sheet). */
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  sheet: string | null;
  /** A collection that gets one document per version written (in the target database); null: none. */
  historyCollection: string | null;
  limits: SourceLimits;
}

/** The name of the source a job runs under when none is chosen: Settings' target, every column auto-mapped. */
export const DEFAULT_SOURCE_NAME = 'default';

/** Where a source's rows go. */
export interface Target {
  wholesalerId: string;
  database: string;
  collection: string;
}

/**
 * A source with no rules of its own: every column auto-mapped, limits the app's defaults. What a job
 * runs under when no source is chosen, and what a new source starts from in the app.
 */
export function defaultSource(target: Target, name = DEFAULT_SOURCE_NAME): SourceInput {
  return {
    name,
    ...target,
    columns: [],
    unmapped: 'import',
    decimalSeparator: null,
    trim: true,
    blanks: 'absent',
    duplicates: 'error',
    encoding: null,
    delimiter: null,
    sheet: null,
    historyCollection: null,
    limits: {
      maxBatchSize: null,
      warnBatchSize: null,
      chunkSize: null,
      timeoutMinutes: null,
      oversize: null,
      concurrency: null,
      rateLimitMax: null,
      rateLimitDurationMs: null,
      retries: null,
    },
  };
}

export interface SourceView extends SourceInput {
  id: string;
  updatedAt: string;
}

/** App-wide limits as saved in Settings; null keeps the environment's default (docs/queue.md). */
export interface AppLimitsInput {
  /** Jobs that run at once in this process, whatever their sources allow. */
  workerConcurrency: number | null;
  /** Job starts per window of a source that sets no rate limit of its own. */
  rateLimitMax: number | null;
  rateLimitDurationMs: number | null;
  /** Days the sent rows of a finished job stay in the local queue. */
  retentionDays: number | null;
}

/** App-wide limits with every value filled in. */
export type AppLimits = { [K in keyof AppLimitsInput]: number };

/** The largest app-wide limits, in Settings and in the environment alike. */
export const APP_LIMIT_MAXIMUMS: AppLimits = {
  workerConcurrency: SOURCE_LIMIT_MAXIMUMS.concurrency,
  rateLimitMax: SOURCE_LIMIT_MAXIMUMS.rateLimitMax,
  rateLimitDurationMs: SOURCE_LIMIT_MAXIMUMS.rateLimitDurationMs,
  retentionDays: 3650,
};

export interface AppLimitsView {
  saved: AppLimitsInput;
  /** What applies where nothing is saved: the environment's IMPORT_* values, else the built-in ones. */
  defaults: AppLimits;
}

export interface SavedAppLimits extends AppLimitsView {
  /** Sent rows the retention saved removed from the local queue at once. */
  rowsPruned: number;
}

/** The app's own folders: the local queue's (IMPORT_CONSOLE_DATA_DIR) and the logs'. */
export const APP_FOLDERS = ['data', 'logs'] as const;
export type AppFolder = (typeof APP_FOLDERS)[number];
export type AppFolders = Record<AppFolder, string>;

/** Raised in main when the renderer sends arguments that do not fit the contract. */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
}

type Check<T> = (value: unknown, where: string) => T;

const text =
  (maxLength: number): Check<string> =>
  (value, where) => {
    if (typeof value !== 'string') throw new ArgumentError(`${where} must be a string`);
    if (value.length > maxLength) {
      throw new ArgumentError(`${where} is longer than ${maxLength} characters`);
    }
    return value;
  };

const listOf =
  <T>(item: Check<T>, maxItems: number): Check<T[]> =>
  (value, where) => {
    if (!Array.isArray(value)) throw new ArgumentError(`${where} must be a list`);
    if (value.length > maxItems) throw new ArgumentError(`${where} has more than ${maxItems} items`);
    return value.map((entry, i) => item(entry, `${where}[${i}]`));
  };

const record =
  <T extends object>(fields: { [K in keyof T]: Check<T[K]> }): Check<T> =>
  (value, where) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ArgumentError(`${where} must be an object`);
    }
    const extra = Object.keys(value).filter((key) => !(key in fields));
    if (extra.length > 0) throw new ArgumentError(`${where} has unknown field ${extra[0]}`);
    const source = value as Record<string, unknown>;
    const out = {} as T;
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      out[key] = fields[key](source[key], `${where}.${key}`);
    }
    return out;
  };

const oneOf =
  <T extends string>(options: readonly T[]): Check<T> =>
  (value, where) => {
    if (!options.includes(value as T)) throw new ArgumentError(`${where} must be one of ${options.join(', ')}`);
    return value as T;
  };

const flag: Check<boolean> = (value, where) => {
  if (typeof value !== 'boolean') throw new ArgumentError(`${where} must be true or false`);
  return value;
};

const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (value, where) =>
    value === null ? null : check(value, where);

/** A number above 0 and at most `max`, whole unless `fractions` (a timeout may be a fraction of a minute). */
const positive =
  (max: number, fractions = false): Check<number> =>
  (value, where) => {
    if (
      typeof value !== 'number' ||
      !(value > 0) ||
      !Number.isFinite(value) ||
      (!fractions && !Number.isSafeInteger(value))
    ) {
      throw new ArgumentError(`${where} must be a ${fractions ? '' : 'whole '}number above 0`);
    }
    if (value > max) throw new ArgumentError(`${where} may be at most ${max.toLocaleString('en-US')}`);
    return value;
  };

/** A whole number from 0 to `max`. */
const count =
  (max: number): Check<number> =>
  (value, where) => {
    if (!Number.isSafeInteger(value) || (value as number) < 0)
      throw new ArgumentError(`${where} must be a whole number`);
    if ((value as number) > max) throw new ArgumentError(`${where} may be at most ${max.toLocaleString('en-US')}`);
    return value as number;
  };

const columnRule = record<ColumnRule>({
  column: text(200),
  field: nullable(text(200)),
  type: oneOf(FIELD_TYPES),
  required: flag,
});
const columnRules = listOf(columnRule, 1000);

/** Checks a source's shape (from the renderer, or a profile file given to the CLI). */
export const checkSourceInput = record<SourceInput>({
  name: text(100),
  database: text(64),
  collection: text(120),
  wholesalerId: text(200),
  columns: columnRules,
  unmapped: oneOf(['import', 'ignore'] as const),
  decimalSeparator: nullable(oneOf(DECIMAL_SEPARATORS)),
  trim: flag,
  blanks: oneOf(BLANK_POLICIES),
  duplicates: oneOf(DUPLICATE_POLICIES),
  encoding: nullable(oneOf(CSV_ENCODINGS)),
  delimiter: nullable(oneOf(CSV_DELIMITERS)),
  sheet: nullable(text(31)),
  historyCollection: nullable(text(120)),
  limits: record<SourceLimits>({
    maxBatchSize: nullable(positive(SOURCE_LIMIT_MAXIMUMS.maxBatchSize)),
    warnBatchSize: nullable(positive(SOURCE_LIMIT_MAXIMUMS.warnBatchSize)),
    chunkSize: nullable(positive(SOURCE_LIMIT_MAXIMUMS.chunkSize)),
    timeoutMinutes: nullable(positive(SOURCE_LIMIT_MAXIMUMS.timeoutMinutes, true)),
    oversize: nullable(oneOf(OVERSIZE_POLICIES)),
    concurrency: nullable(positive(SOURCE_LIMIT_MAXIMUMS.concurrency)),
    rateLimitMax: nullable(positive(SOURCE_LIMIT_MAXIMUMS.rateLimitMax)),
    rateLimitDurationMs: nullable(positive(SOURCE_LIMIT_MAXIMUMS.rateLimitDurationMs)),
    retries: nullable(count(SOURCE_LIMIT_MAXIMUMS.retries)),
  }),
});

/** Text that is not blank, trimmed. */
const nonBlank =
  (maxLength: number): Check<string> =>
  (value, where) => {
    const trimmed = text(maxLength)(value, where).trim();
    if (trimmed === '') throw new ArgumentError(`${where} must not be blank`);
    return trimmed;
  };

const batchInput = record<BatchInput>({
  batchId: nonBlank(200),
  part: positive(100_000),
  totalParts: nullable(positive(100_000)),
  totalItems: nullable(positive(Number.MAX_SAFE_INTEGER)),
});

const errorScope = record<ErrorScope>({ kind: oneOf(['job', 'batch'] as const), id: text(200) });

const errorFilter = record<ErrorFilter>({
  stage: nullable(oneOf(ERROR_STAGES)),
  column: nullable(text(200)),
  text: text(200),
  group: nullable(text(2000)),
});

/** The most error rows one listErrors call returns: a screenful or two at a time. */
export const MAX_ERROR_PAGE = 1000;

const settingsInput = record<SettingsInput>({
  mongoUri: text(4096),
  database: text(64),
  collection: text(120),
  wholesalerId: text(200),
});

const appLimitsInput = record<AppLimitsInput>({
  workerConcurrency: nullable(positive(APP_LIMIT_MAXIMUMS.workerConcurrency)),
  rateLimitMax: nullable(positive(APP_LIMIT_MAXIMUMS.rateLimitMax)),
  rateLimitDurationMs: nullable(positive(APP_LIMIT_MAXIMUMS.rateLimitDurationMs)),
  retentionDays: nullable(positive(APP_LIMIT_MAXIMUMS.retentionDays)),
});

/** Argument checks, one tuple per method, in call order. */
const argumentChecks = {
  getSettings: [],
  saveSettings: [settingsInput],
  testConnection: [text(4096)],
  chooseFiles: [],
  importFiles: [listOf(text(4096), 100), nullable(text(64)), nullable(batchInput), nullable(columnRules)],
  previewFile: [text(4096), nullable(text(64)), nullable(columnRules)],
  cancelPreview: [text(4096)],
  saveMapping: [nullable(text(64)), text(100), columnRules],
  listJobs: [],
  cancelJob: [text(64)],
  pauseJob: [text(64)],
  resumeJob: [text(64)],
  retryFailedRows: [text(64)],
  getConnection: [],
  getHealth: [],
  listSources: [],
  saveSource: [nullable(text(64)), checkSourceInput],
  deleteSource: [text(64)],
  listBatches: [],
  listErrors: [errorScope, errorFilter, count(Number.MAX_SAFE_INTEGER), positive(MAX_ERROR_PAGE)],
  errorSummary: [errorScope, errorFilter],
  exportErrors: [errorScope, errorFilter, oneOf(EXPORT_FORMATS)],
  getAppLimits: [],
  saveAppLimits: [appLimitsInput],
  getAppFolders: [],
  openAppFolder: [oneOf(APP_FOLDERS)],
} as const satisfies Record<string, readonly Check<unknown>[]>;

export interface MethodResults {
  getSettings: SettingsView;
  saveSettings: SettingsView;
  /** Connects to the URI given (an empty string: the saved one) and asks the server its version. */
  testConnection: ConnectionTest;
  /** Opens the OS file dialog in main and gives the paths the user picked (none: closed). */
  chooseFiles: string[];
  /**
   * Imports files under a source (null: the default source from Settings), as parts of a batch
   * when batch metadata is given (one file: that part; several: parts from the one given on),
   * with column rules edited in the preview in place of the source's for those columns.
   */
  importFiles: JobView[];
  /**
   * What a file would give under a source and the edited column rules, before any job starts. One
   * preview of a file runs at a time: a newer one, or cancelPreview, makes this one `cancelled`.
   */
  previewFile: FilePreview | CancelledPreview;
  /** Stops the preview of a file running in main, ending its worker; gives whether one was running. */
  cancelPreview: boolean;
  /**
   * Keeps a mapping edited in the preview: merged into the source given, or as a new source of
   * that name (source null) with Settings' target.
   */
  saveMapping: SourceView;
  listJobs: JobView[];
  /** Stops a job: staging at once, a sync after its chunk in flight. */
  cancelJob: JobView;
  /** Holds a job: a sync stops after its chunk in flight, a parse starts over on resume. */
  pauseJob: JobView;
  /** Puts a paused job back in the queue. */
  resumeJob: JobView;
  /** Sends again only the rows of a finished job that MongoDB refused. */
  retryFailedRows: JobView;
  /** Whether the configured MongoDB answers now. */
  getConnection: ConnectionView;
  /** The app's memory now; changes of memory pressure also come as 'health' events. */
  getHealth: HealthView;
  listSources: SourceView[];
  /** Creates a source (id null) or replaces one. */
  saveSource: SourceView;
  /** Deletes a source; jobs created under it keep their own copy of it. Gives the sources left. */
  deleteSource: SourceView[];
  /** Upload batches, newest first. */
  listBatches: BatchView[];
  /** A page of the error rows in scope that match the filter, in file order. */
  listErrors: ErrorPage;
  /** How many error rows match, grouped by message. */
  errorSummary: ErrorSummary;
  /** Asks where to save (dialog in main) and writes the matching error rows there, streamed. */
  exportErrors: ExportResult;
  getAppLimits: AppLimitsView;
  /**
   * Saves the app-wide limits and applies them without a restart: jobs at once from the next job
   * start, the default rate limit to jobs created from then on, the retention at once.
   */
  saveAppLimits: SavedAppLimits;
  getAppFolders: AppFolders;
  /** Opens one of the app's folders in the OS file manager; gives its path. */
  openAppFolder: string;
}

export type MethodName = keyof typeof argumentChecks;
export const METHOD_NAMES = Object.keys(argumentChecks) as MethodName[];

type ArgsOf<C> = { [I in keyof C]: C[I] extends Check<infer T> ? T : never };
export type MethodArgs<K extends MethodName> = ArgsOf<(typeof argumentChecks)[K]>;

export type Handlers = {
  [K in MethodName]: (...args: MethodArgs<K>) => Promise<MethodResults[K]>;
};

/** Events main pushes to the renderer. */
export interface EventPayloads {
  job: JobView;
  connection: ConnectionView;
  health: HealthView;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['job', 'connection', 'health'];

/** What preload puts on `window.api`: the methods, event subscription, and file-path lookup. */
export type Api = Handlers & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** The OS path of a dropped file (Electron's webUtils), since the page never sees paths. */
  pathForFile(file: File): string;
};

export const methodChannel = (name: MethodName): string => `api:${name}`;
export const eventChannel = (name: EventName): string => `event:${name}`;

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(argumentChecks, value);
}

/** Checks raw arguments from the renderer; throws ArgumentError naming the bad argument. */
export function checkArguments<K extends MethodName>(name: K, raw: unknown[]): MethodArgs<K> {
  const checks: readonly Check<unknown>[] = argumentChecks[name];
  if (raw.length !== checks.length) {
    throw new ArgumentError(`${name} takes ${checks.length} argument(s), got ${raw.length}`);
  }
  return checks.map((check, i) => check(raw[i], `${name} argument ${i + 1}`)) as MethodArgs<K>;
}
