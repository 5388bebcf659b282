import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Duplex, Readable } from 'node:stream';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { ENVELOPE_FIELDS, type EnvelopeFields } from '../batches/metadata';
import { ImportFileError } from '../errors';
import type { ObjectItem } from './records';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function item(value: unknown, rowNo: number, lineNo: number, raw: string): ObjectItem {
  if (isObject(value)) return { ok: true, object: { value, rowNo, lineNo, raw } };
  return { ok: false, problem: { rowNo, lineNo, raw, message: 'the item is not an object with fields' } };
}

/** The first character that is not white space or a byte order mark. */
async function firstSignificant(filePath: string): Promise<string> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return /[^\s\uFEFF]/.exec(buffer.toString('utf8', 0, bytesRead))?.[0] ?? '';
  } finally {
    await handle.close();
  }
}

/** A token of stream-json's parser. */
interface Token {
  name: string;
  value?: unknown;
}

/**
 * Watches the parser's tokens for the envelope's batch fields, before or after its items, and
 * gives them once the envelope closes. Only scalars directly under the envelope are taken.
 */
function envelopeWatcher(onEnvelope: (fields: EnvelopeFields) => void): (token: Token) => void {
  let depth = 0;
  let key: string | null = null;
  const fields: EnvelopeFields = {};
  const scalar = (token: Token): unknown => {
    if (token.name === 'numberValue') return Number(token.value);
    if (token.name === 'trueValue') return true;
    if (token.name === 'falseValue') return false;
    return token.name === 'nullValue' ? null : token.value;
  };
  return (token) => {
    if (token.name === 'startObject' || token.name === 'startArray') depth++;
    else if (token.name === 'endObject' || token.name === 'endArray') {
      if (--depth === 0) onEnvelope(fields);
    } else if (depth === 1 && token.name === 'keyValue') key = token.value as string;
    else if (depth === 1 && key !== null && /Value$/.test(token.name)) {
      const field = ENVELOPE_FIELDS.find((name) => name === key);
      if (field) fields[field] = scalar(token);
    }
  };
}

/**
 * Streams the items of a JSON source: an array of items, the batch envelope
 * `{batch_id, …, items: [...]}`, or NDJSON (one item a line). Only one item is in memory at a
 * time, so a 1 GB envelope is no harder than a small one. An envelope's batch fields reach
 * `onEnvelope` when the envelope has been read to its end.
 */
export async function* readJson(
  filePath: string,
  onEnvelope: (fields: EnvelopeFields) => void = () => undefined,
): AsyncGenerator<ObjectItem> {
  const fileName = basename(filePath);
  const extension = extname(filePath).toLowerCase();
  if (extension === '.ndjson' || extension === '.jsonl') {
    yield* readNdjson(filePath);
    return;
  }
  const first = await firstSignificant(filePath);
  if (first !== '[' && first !== '{') {
    throw new ImportFileError(`${fileName}: expected a JSON array of items or an object with an "items" array`);
  }
  const tokens = parser.asStream();
  const stages: Duplex[] = [tokens];
  if (first === '{') {
    tokens.on('data', envelopeWatcher(onEnvelope));
    stages.push(pick.asStream({ filter: 'items' }));
  }
  stages.push(streamArray.asStream());
  const items = chainStreams(createReadStream(filePath), stages);
  let count = 0;
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      count++;
      yield item(value, key + 1, key + 1, JSON.stringify(value));
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(`${fileName}: not valid JSON after item ${count}: ${reason}`);
  }
  if (count === 0 && first === '{') {
    throw new ImportFileError(`${fileName}: the object has no "items" array, so there is nothing to import`);
  }
}

async function* readNdjson(filePath: string): AsyncGenerator<ObjectItem> {
  const lines = createInterface({ input: createReadStream(filePath, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let rowNo = 0;
  for await (const line of lines) {
    lineNo++;
    const text = lineNo === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    rowNo++;
    try {
      yield item(JSON.parse(text), rowNo, lineNo, text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      yield { ok: false, problem: { rowNo, lineNo, raw: text, message: `not valid JSON: ${error.message}` } };
    }
  }
}

/** Pipes through the stages; an error anywhere ends the last stream with that error. */
function chainStreams(source: Readable, stages: Duplex[]): Readable {
  const last = stages.at(-1) ?? source;
  let out: Readable = source;
  for (const stage of stages) {
    out.on('error', (error: Error) => last.destroy(error));
    out = out.pipe(stage);
  }
  return out;
}
