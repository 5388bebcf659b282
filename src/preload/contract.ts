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
  /** Why the job is waiting or failed, in words a catalog manager can act on. */
  message: string | null;
  /** Something the user should know though the job goes on, such as a batch above the warning size. */
  alert: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SettingsView {
  /** The URI itself never leaves main; the renderer only learns whether one is stored. */
  mongoUriSet: boolean;
  database: string;
  collection: string;
  wholesalerId: string;
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

/** Per-source limits; null takes the environment's default. */
export interface SourceLimits {
  maxBatchSize: number | null;
  warnBatchSize: number | null;
  chunkSize: number | null;
  timeoutMinutes: number | null;
  oversize: (typeof OVERSIZE_POLICIES)[number];
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
  decimalSeparator: '.' | ',';
  trim: boolean;
  blanks: (typeof BLANK_POLICIES)[number];
  duplicates: (typeof DUPLICATE_POLICIES)[number];
  /** CSV encoding and delimiter, and the XLSX sheet; null detects them (first sheet). */
  encoding: CsvEncoding | null;
  delimiter: CsvDelimiter | null;
  sheet: string | null;
  limits: SourceLimits;
}

export interface SourceView extends SourceInput {
  id: string;
  updatedAt: string;
}

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

const settingsInput = record<SettingsInput>({
  mongoUri: text(4096),
  database: text(64),
  collection: text(120),
  wholesalerId: text(200),
});

/** Argument checks, one tuple per method, in call order. */
const argumentChecks = {
  getSettings: [],
  saveSettings: [settingsInput],
  importFiles: [listOf(text(4096), 100)],
  pickFiles: [],
  listJobs: [],
  cancelJob: [text(64)],
} satisfies Record<string, readonly Check<unknown>[]>;

export interface MethodResults {
  getSettings: SettingsView;
  saveSettings: SettingsView;
  importFiles: JobView[];
  /** Opens the OS file dialog in main and imports what the user picked. */
  pickFiles: JobView[];
  listJobs: JobView[];
  /** Stops a job: staging at once, a sync after its chunk in flight. */
  cancelJob: JobView;
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
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ['job'];

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
