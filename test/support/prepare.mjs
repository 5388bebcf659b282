// Gets this machine ready for the tests: the FerretDB test server built from the Go module proxy,
// and better-sqlite3 compiled for Node (`npm start` rebuilds it for Electron's ABI).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const launcherDir = join(root, 'test', 'support', 'ferretdb');
const binary = join(root, 'node_modules', '.cache', 'import-console', 'ferretdb-test');

const newestSource = Math.max(...['main.go', 'go.mod', 'go.sum'].map((f) => statSync(join(launcherDir, f)).mtimeMs));
if (!existsSync(binary) || statSync(binary).mtimeMs < newestSource) {
  console.log('Building the FerretDB 1.24.2 test server (first run takes a minute or two)…');
  try {
    execFileSync('go', ['build', '-o', binary, '.'], { cwd: launcherDir, stdio: 'inherit' });
  } catch (error) {
    console.error(
      'Could not build FerretDB: the tests need Go 1.24+ on PATH (https://go.dev/dl) and the Go module proxy.',
    );
    throw error;
  }
}

try {
  const Database = createRequire(import.meta.url)('better-sqlite3');
  new Database(':memory:').close();
} catch {
  console.log('Rebuilding better-sqlite3 for Node (it was built for Electron)…');
  execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' });
}
