import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh folder for this test, removed after it. */
export function tempDir(prefix = 'import-console-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** A database name no other test file uses, so test files can share one server. */
export function uniqueDbName(label: string): string {
  return `ic_${label}_${process.pid}_${Date.now().toString(36)}`.slice(0, 60);
}
