import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';

const root = resolve(import.meta.dirname, '..');
const bootstrapDir = join(root, 'node_modules', '.cache', 'import-console', 'workers');

/**
 * electron-vite turns `import path from './worker?modulePath'` into the path of a bundled worker
 * entry. Tests run the TypeScript sources, so here the import becomes the path of a small
 * bootstrap that registers tsx in the worker thread and then loads the worker's source.
 */
function workerModulePath(): Plugin {
  const prefix = '\0module-path:';
  return {
    name: 'worker-module-path',
    enforce: 'pre',
    async resolveId(id, importer) {
      if (!id.endsWith('?modulePath')) return null;
      const target = await this.resolve(id.slice(0, -'?modulePath'.length), importer);
      return target ? prefix + target.id : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const source = id.slice(prefix.length);
      mkdirSync(bootstrapDir, { recursive: true });
      const bootstrap = join(bootstrapDir, `${basename(source, '.ts')}.cjs`);
      writeFileSync(bootstrap, `require('tsx/cjs/api').register();\nrequire(${JSON.stringify(source)});\n`);
      return `export default ${JSON.stringify(bootstrap)};`;
    },
  };
}

export default defineConfig({
  root,
  plugins: [workerModulePath()],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // One quick retry before a job waits: the suites take servers away on purpose.
    env: { IMPORT_SYNC_RETRIES: '1', IMPORT_RETRY_BASE_DELAY_MS: '100' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: the file-level parallelism vitest picks by default already saturates them.
    fileParallelism: true,
  },
});
