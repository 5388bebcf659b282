import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  import-console import <file> --db <name> --collection <name> --wholesaler <id> [--mongo <uri>]
  import-console sync --mongo <uri>

Options:
  --mongo <uri>        MongoDB connection string. Without it, import validates the file and queues
                       its rows locally until \`import-console sync\` sends them.
  --db <name>          Target database.
  --collection <name>  Target collection.
  --wholesaler <id>    wholesaler_id written on every document.
  --data-dir <dir>     Where the local queue lives (default: IMPORT_CONSOLE_DATA_DIR, else the
                       desktop app's data folder, so both share one queue).
  --json               Print the summary as one JSON object on stdout.
  -h, --help           Show this help.

Exit code: 0 when nothing failed, 1 when a job or any row failed, 2 on a usage error,
130 when Ctrl-C cancelled an import (rows already written stay in MongoDB).`;

export type Command =
  | { kind: 'help' }
  | {
      kind: 'import';
      file: string;
      mongo: string | null;
      target: { database: string; collection: string; wholesalerId: string };
      dataDir: string | null;
      json: boolean;
    }
  | { kind: 'sync'; mongo: string; dataDir: string | null; json: boolean };

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        mongo: { type: 'string' },
        db: { type: 'string' },
        collection: { type: 'string' },
        wholesaler: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { kind: 'help' };
  const dataDir = values['data-dir'] ?? null;

  if (command === 'import') {
    if (rest.length !== 1) throw new UsageError('import takes exactly one file');
    const missing = (['db', 'collection', 'wholesaler'] as const).filter((name) => !values[name]);
    if (missing.length > 0) throw new UsageError(`import needs ${missing.map((m) => `--${m}`).join(', ')}`);
    return {
      kind: 'import',
      file: rest[0] as string,
      mongo: values.mongo ?? null,
      target: {
        database: values.db as string,
        collection: values.collection as string,
        wholesalerId: values.wholesaler as string,
      },
      dataDir,
      json: values.json,
    };
  }
  if (command === 'sync') {
    if (rest.length > 0) throw new UsageError('sync takes no file');
    if (!values.mongo) throw new UsageError('sync needs --mongo <uri>');
    return { kind: 'sync', mongo: values.mongo, dataDir, json: values.json };
  }
  throw new UsageError(`unknown command "${command}"`);
}
