import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, expect } from 'vitest';

/** The built CLI (`npm run build`), run as a user would run it. */
export const CLI = resolve(__dirname, '../../out/main/cli.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Fails the suite at once, saying why, when the CLI has not been built. */
export function needsBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  });
}

/** Runs the built CLI as a user would, in its own process; `onStderr` sees its messages as they come. */
export function cli(args: string[], env: Record<string, string> = {}, onStderr?: (text: string) => void): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
    if (onStderr)
      child.stderr?.on('data', (chunk: Buffer) => {
        onStderr(chunk.toString());
      });
  });
}

/** Runs the built CLI and presses Ctrl-C once its stderr shows `cue`. */
export async function cliInterrupted(args: string[], cue: string): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  await new Promise<void>((cued) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(cue)) cued();
    });
  });
  child.kill('SIGINT');
  const code = await exited;
  return { code: code ?? -1, stdout, stderr };
}

/** What --json printed: stdout must hold exactly one JSON object, whatever the outcome. */
export function printedObject(run: Run): Record<string, unknown> {
  const value: unknown = JSON.parse(run.stdout);
  expect(typeof value === 'object' && value !== null && !Array.isArray(value), run.stdout).toBe(true);
  return value as Record<string, unknown>;
}
