import { Worker, resourceLimits, type MessagePort } from 'node:worker_threads';
import { outOfMemoryError, postedError, revivedError, type PostedError } from '../errors';

/** What a reading thread posts: a batch of items, its end, or why it failed. */
export type StreamMessage<T> = { type: 'items'; items: T[] } | { type: 'done' } | ({ type: 'failed' } & PostedError);

/** How many batches a reading thread may post that the consumer has not taken yet. */
const BATCHES_AHEAD = 2;

/** How large a batch grows before it is posted: so many items, or so many characters of them. */
export interface BatchSize<T> {
  items: number;
  chars: number;
  charsOf: (item: T) => number;
}

/**
 * Runs `source` in the reading thread and posts its items in batches, never more than
 * BATCHES_AHEAD ahead of the consumer: memory stays flat however fast the thread reads, and
 * however large its items (a batch of huge rows is posted early, since posting copies them).
 */
export async function postInBatches<T>(port: MessagePort, source: AsyncIterable<T>, size: BatchSize<T>): Promise<void> {
  let credits = BATCHES_AHEAD;
  let granted: (() => void) | null = null;
  port.on('message', () => {
    credits++;
    granted?.();
    granted = null;
  });
  const send = async (items: T[]): Promise<void> => {
    if (credits === 0) await new Promise<void>((resolve) => (granted = resolve));
    credits--;
    port.postMessage({ type: 'items', items } satisfies StreamMessage<T>);
  };
  try {
    let batch: T[] = [];
    let chars = 0;
    for await (const item of source) {
      batch.push(item);
      chars += size.charsOf(item);
      if (batch.length >= size.items || chars >= size.chars) {
        await send(batch);
        batch = [];
        chars = 0;
      }
    }
    if (batch.length > 0) await send(batch);
    port.postMessage({ type: 'done' } satisfies StreamMessage<T>);
  } catch (error) {
    port.postMessage({ type: 'failed', ...postedError(error) } satisfies StreamMessage<T>);
  } finally {
    port.close();
  }
}

/**
 * The items a reading thread (started from `entry` with `workerData`) posts, one by one. The
 * thread gets this thread's heap limits, so a hostile file stops there as it would here; it is
 * ended when the consumer stops early (a cancel, or a preview that has its rows).
 */
export async function* itemsFromThread<T>(entry: string, workerData: unknown): AsyncGenerator<T> {
  const { maxOldGenerationSizeMb, maxYoungGenerationSizeMb } = resourceLimits;
  const worker = new Worker(entry, {
    workerData,
    resourceLimits: {
      ...(maxOldGenerationSizeMb ? { maxOldGenerationSizeMb } : {}),
      ...(maxYoungGenerationSizeMb ? { maxYoungGenerationSizeMb } : {}),
    },
  });
  const state: { batches: T[][]; end: StreamMessage<T> | Error | null; wake: (() => void) | null } = {
    batches: [],
    end: null,
    wake: null,
  };
  const wake = (): void => {
    state.wake?.();
    state.wake = null;
  };
  worker.on('message', (message: StreamMessage<T>) => {
    if (message.type === 'items') state.batches.push(message.items);
    else state.end ??= message;
    wake();
  });
  worker.on('error', (error) => {
    state.end ??= outOfMemoryError(error, maxOldGenerationSizeMb) ?? error;
    wake();
  });
  worker.on('exit', (code) => {
    state.end ??= new Error(`the file reader stopped unexpectedly (exit code ${code})`);
    wake();
  });
  try {
    for (;;) {
      const batch = state.batches.shift();
      if (batch) {
        worker.postMessage('more');
        yield* batch;
        continue;
      }
      const { end } = state;
      if (end instanceof Error) throw end;
      if (end?.type === 'failed') {
        throw revivedError(end);
      }
      if (end) return;
      await new Promise<void>((resolve) => (state.wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
