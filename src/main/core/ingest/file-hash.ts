import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ImportFileError } from '../errors';

/** The sha256 of a file's bytes, streamed: the same file dropped twice has the same digest. */
export async function fileSha256(filePath: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(filePath, { signal }) as AsyncIterable<Buffer>) hash.update(chunk);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new ImportFileError(`${basename(filePath)}: file not found at ${filePath}`);
    }
    throw error;
  }
  return hash.digest('hex');
}
