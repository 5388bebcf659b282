import { createHandlers } from '../../src/main/api';
import type { ImportEngine } from '../../src/main/core/engine';
import { SecretStore } from '../../src/main/core/store/settings';
import type { CancelledPreview, FilePreview, Handlers } from '../../src/preload/contract';

/**
 * The handlers main serves over IPC, on a real engine, with what only Electron has (dialogs, the
 * keychain, the file manager) stood in for: no files picked, no save path, secrets kept as given.
 */
export function testHandlers(engine: ImportEngine, dir: string): Handlers {
  return createHandlers({
    engine,
    secrets: new SecretStore(engine.db, {
      encrypt: (plain) => Promise.resolve(Buffer.from(plain)),
      decrypt: (cipher) => Promise.resolve(cipher.toString()),
    }),
    pickFiles: () => Promise.resolve([]),
    chooseSavePath: () => Promise.resolve(null),
    health: () => ({ rssMb: 0, thresholdMb: 1, memoryPressure: false }),
    folders: { data: dir, logs: dir },
    openPath: () => Promise.resolve(),
  });
}

/** A preview's answer, which a test that previews a file once expects not to be cancelled. */
export async function shown(answer: Promise<FilePreview | CancelledPreview>): Promise<FilePreview> {
  const preview = await answer;
  if ('cancelled' in preview) throw new Error(`the preview of ${preview.filePath} was cancelled`);
  return preview;
}
