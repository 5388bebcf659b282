import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** The project's own lint rules catch what they are there for, on code written to break them. */
describe('the lint rules', () => {
  it('fail on an import cycle, and not on the same modules without it', { timeout: 60_000 }, async () => {
    // The fixtures are left out of the project's lint run (eslint.config.mjs): linted here on purpose.
    const eslint = new ESLint({ cwd: ROOT, ignore: false });
    const results = await eslint.lintFiles(['test/fixtures/lint/cycle/a.ts', 'test/fixtures/lint/no-cycle/a.ts']);
    const rules = results.map((r) => [r.filePath.slice(ROOT.length + 1), r.messages.map((m) => m.ruleId ?? m.message)]);
    expect(rules).toEqual([
      ['test/fixtures/lint/cycle/a.ts', ['import-x/no-cycle']],
      ['test/fixtures/lint/no-cycle/a.ts', []],
    ]);
  });
});
