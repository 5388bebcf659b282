import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, type BatchInput, type ExportFormat } from '../../preload/contract';
import { refusedUriOption } from '../core/sync/uri-options';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  import-console import <file> (--source <name> | --db <name> --collection <name> --wholesaler <id>) [--mongo <uri>]
                [--batch-id <id> --batch-part <n> [--batch-total-parts <n>] [--batch-total-items <n>]]
  import-console preview <file> (--source <name> | --db <name> --collection <name> --wholesaler <id>)
  import-console sync --mongo <uri> [--wait]
  import-console batches
  import-console batch <id>
  import-console errors <job-or-batch> --format csv|xlsx --out <file>
  import-console sources
  import-console source save <profile.json>
  import-console source show <name>
  import-console source delete <name>

Options:
  --mongo <uri>        MongoDB connection string. Without it, import validates the file and queues
                       its rows locally until \`import-console sync\` sends them.
  --wait               With sync: while MongoDB is unreachable, wait for it and sync when it
                       answers (checked every few seconds), until no job is left waiting.
  --batch-id <id>      The upload batch the file is a part of, with --batch-part (and, if known,
  --batch-part <n>     --batch-total-parts and --batch-total-items). Without them a JSON
                       envelope's batch fields or a name like catalog_part3of10.csv place the
                       file; otherwise imports of one source close in time form an implicit batch.
  --format csv|xlsx    With errors: the report's format.
  --out <file>         With errors: where to write the report of failed rows.
  --source <name>      A saved source (import profile): target, column mapping, types and limits.
  --db <name>          Target database (without --source: every column auto-mapped).
  --collection <name>  Target collection.
  --wholesaler <id>    wholesaler_id written on every document.
  --data-dir <dir>     Where the local queue lives (default: IMPORT_CONSOLE_DATA_DIR, else the
                       desktop app's data folder, so both share one queue).
  --json               Print the result as JSON on stdout, a failure too: import and preview print
                       one object whatever happens, with its outcome (ok, failed, usage_error,
                       cancelled: the exit code's meaning) and message.
  -h, --help           Show this help.

\`source show\` prints a source as JSON; edit it and give it to \`source save\` (a source with the
same name is replaced). docs/sources.md describes every setting.

Exit code: 0 when nothing failed, 1 when a job or any row failed, 2 on a usage error,
130 when Ctrl-C cancelled an import (rows already written stay in MongoDB).`;

/** Where a file's rows go: a saved source by name, or the default source of a bare target. */
export type SourceChoice =
  { source: string } | { target: { database: string; collection: string; wholesalerId: string } };

interface Common {
  dataDir: string | null;
  json: boolean;
}

export type Command =
  | { kind: 'help' }
  | ({ kind: 'import'; file: string; mongo: string | null; choice: SourceChoice; batch: BatchInput | null } & Common)
  | ({ kind: 'preview'; file: string; choice: SourceChoice } & Common)
  | ({ kind: 'sync'; mongo: string; wait: boolean } & Common)
  | ({ kind: 'batches' } & Common)
  | ({ kind: 'batch'; id: string } & Common)
  | ({ kind: 'errors'; id: string; format: ExportFormat; out: string } & Common)
  | ({ kind: 'sources' } & Common)
  | ({ kind: 'source'; action: 'save' | 'show' | 'delete'; argument: string } & Common);

const OPTIONS = {
  mongo: { type: 'string' },
  source: { type: 'string' },
  db: { type: 'string' },
  collection: { type: 'string' },
  wholesaler: { type: 'string' },
  'data-dir': { type: 'string' },
  'batch-id': { type: 'string' },
  'batch-part': { type: 'string' },
  'batch-total-parts': { type: 'string' },
  'batch-total-items': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
  wait: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };

function sourceChoice(command: string, values: Values): SourceChoice {
  if (values.source !== undefined) {
    const extra = (['db', 'collection', 'wholesaler'] as const).filter((name) => values[name] !== undefined);
    if (extra.length > 0) {
      throw new UsageError(`${command}: --source sets the target; leave out ${extra.map((m) => `--${m}`).join(', ')}`);
    }
    return { source: values.source };
  }
  const missing = (['db', 'collection', 'wholesaler'] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new UsageError(`${command} needs --source, or ${missing.map((m) => `--${m}`).join(', ')}`);
  }
  return {
    target: {
      database: values.db as string,
      collection: values.collection as string,
      wholesalerId: values.wholesaler as string,
    },
  };
}

function wholeNumber(name: string, raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < 1) throw new UsageError(`--${name} must be a whole number above 0`);
  return Number(raw);
}

function batchOption(values: Values): BatchInput | null {
  const batchId = values['batch-id'];
  const part = wholeNumber('batch-part', values['batch-part']);
  const totalParts = wholeNumber('batch-total-parts', values['batch-total-parts']);
  const totalItems = wholeNumber('batch-total-items', values['batch-total-items']);
  if (batchId === undefined) {
    if (part !== null || totalParts !== null || totalItems !== null) {
      throw new UsageError('--batch-part, --batch-total-parts and --batch-total-items go with --batch-id');
    }
    return null;
  }
  if (batchId.trim() === '' || batchId.length > 200) throw new UsageError('--batch-id must be 1 to 200 characters');
  if (part === null) throw new UsageError('--batch-id needs --batch-part <n>');
  return { batchId: batchId.trim(), part, totalParts, totalItems };
}

/** The --mongo URI, refused before anything is queued when the import could not write safely with it. */
function checkedMongo(uri: string): string {
  const refused = refusedUriOption(uri);
  if (refused) throw new UsageError(`--mongo: ${refused}`);
  return uri;
}

function oneFile(command: string, rest: readonly string[]): string {
  if (rest.length !== 1) throw new UsageError(`${command} takes exactly one file`);
  return rest[0] as string;
}

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { kind: 'help' };
  const common: Common = { dataDir: values['data-dir'] ?? null, json: values.json };
  if (values.wait && command !== 'sync') throw new UsageError(`--wait goes with sync, not ${command}`);
  if ((values.format !== undefined || values.out !== undefined) && command !== 'errors') {
    throw new UsageError(`--format and --out go with errors, not ${command}`);
  }
  if (command !== 'import' && Object.keys(values).some((name) => name.startsWith('batch-'))) {
    throw new UsageError(`the --batch-* options go with import, not ${command}`);
  }

  switch (command) {
    case 'import':
      return {
        kind: 'import',
        file: oneFile(command, rest),
        mongo: values.mongo === undefined ? null : checkedMongo(values.mongo),
        choice: sourceChoice(command, values),
        batch: batchOption(values),
        ...common,
      };
    case 'preview':
      return { kind: 'preview', file: oneFile(command, rest), choice: sourceChoice(command, values), ...common };
    case 'sync':
      if (rest.length > 0) throw new UsageError('sync takes no file');
      if (!values.mongo) throw new UsageError('sync needs --mongo <uri>');
      return { kind: 'sync', mongo: checkedMongo(values.mongo), wait: values.wait, ...common };
    case 'batches':
      if (rest.length > 0) throw new UsageError('batches takes no arguments');
      return { kind: 'batches', ...common };
    case 'batch':
      if (rest.length !== 1) throw new UsageError('batch takes one batch id (see import-console batches)');
      return { kind: 'batch', id: rest[0] as string, ...common };
    case 'errors': {
      if (rest.length !== 1) throw new UsageError('errors takes one job id or batch id');
      const format = EXPORT_FORMATS.find((f) => f === values.format);
      if (!format) throw new UsageError('errors needs --format csv or --format xlsx');
      if (!values.out) throw new UsageError('errors needs --out <file>');
      return { kind: 'errors', id: rest[0] as string, format, out: values.out, ...common };
    }
    case 'sources':
      if (rest.length > 0) throw new UsageError('sources takes no arguments');
      return { kind: 'sources', ...common };
    case 'source': {
      const [action, argument, ...more] = rest;
      if (
        (action !== 'save' && action !== 'show' && action !== 'delete') ||
        argument === undefined ||
        more.length > 0
      ) {
        throw new UsageError('source takes save <profile.json>, show <name> or delete <name>');
      }
      return { kind: 'source', action, argument, ...common };
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
