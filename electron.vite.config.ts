import { chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** npm links `bin` entries as they are, so the built CLI must be executable for `npx import-console`. */
const executableCli: Plugin = {
  name: 'executable-cli',
  writeBundle(options) {
    if (options.dir) chmodSync(join(options.dir, 'cli.js'), 0o755);
  },
};

export default defineConfig({
  main: {
    plugins: [executableCli],
    build: {
      rolldownOptions: {
        // The CLI ships in the same bundle as the app so both run the very same engine.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        // A sandboxed preload cannot load ES modules or other chunks: one CommonJS file.
        output: { format: 'cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rolldownOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [react()],
  },
});
