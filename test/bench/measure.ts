import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../out/main/cli.js');

/** `import` arguments that stage a file into its own queue under `dir`, summary as JSON. */
export const stageArgs = (file: string, dir: string, name: string): string[] => [
  'import',
  file,
  '--db',
  'bench',
  '--collection',
  'products',
  '--wholesaler',
  'W-BENCH',
  '--data-dir',
  join(dir, name),
  '--json',
];

export interface Measure {
  step: string;
  rows: number;
  seconds: number;
  peakRssMb: number | null;
}

export async function timed(step: string, rows: number, work: () => Promise<unknown>): Promise<Measure> {
  const started = process.hrtime.bigint();
  await work();
  return { step, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: null };
}

/** What an import's JSON summary must say: every row read, none failed. */
const importedAll = (stdout: string, rows: number): boolean => {
  const summary = JSON.parse(stdout || '{}') as { rowsRead?: number; failed?: number };
  return summary.rowsRead === rows && summary.failed === 0;
};

/**
 * Runs the built CLI and samples its peak RSS (VmHWM, worker threads included) until it exits
 * with `exitCode`; `succeeded` judges its JSON output (by default: an import that read every
 * row, none failed).
 */
export function runCli(
  step: string,
  rows: number,
  args: string[],
  succeeded: (stdout: string, rows: number) => boolean = importedAll,
  exitCode = 0,
): Promise<Measure> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let peakKb = 0;
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm?.[1]) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // The process has just exited.
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code !== exitCode || !succeeded(stdout, rows)) {
        fail(new Error(`${step}: the CLI exited with ${code}: ${stdout}`));
        return;
      }
      done({ step, rows, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRssMb: peakKb / 1024 });
    });
  });
}

const number = (n: number): string => Math.round(n).toLocaleString('en-US');

export function printTable(title: string, measures: Measure[]): void {
  console.log(`\n${title}\n`);
  console.log('| step | rows | seconds | rows/s | peak RSS (MB) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const m of measures) {
    const rss = m.peakRssMb === null ? '' : m.peakRssMb.toFixed(0);
    console.log(`| ${m.step} | ${number(m.rows)} | ${m.seconds.toFixed(2)} | ${number(m.rows / m.seconds)} | ${rss} |`);
  }
}

export function printRatios(ratios: [string, number, string][]): void {
  console.log('\n| ratio | value | target |');
  console.log('| --- | ---: | --- |');
  for (const [name, value, target] of ratios) console.log(`| ${name} | ${value.toFixed(2)} | ${target} |`);
}

/** Rows per second of a over rows per second of b. */
export const speedRatio = (a: Measure, b: Measure): number => a.rows / a.seconds / (b.rows / b.seconds);
