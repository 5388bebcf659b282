// Gets this machine ready for the tests: the FerretDB test server built from the Go module proxy,
// the mongo-java-server test server built from Maven Central, and better-sqlite3 compiled for Node
// (`npm start` rebuilds it for Electron's ABI).
import { execFileSync, spawnSync } from 'node:child_process';
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

const javaDir = join(root, 'test', 'support', 'mongo-java-server');
const jar = join(root, 'node_modules', '.cache', 'import-console', 'mongo-java-server.jar');
const newestJavaSource = Math.max(...['pom.xml', 'TestServer.java'].map((f) => statSync(join(javaDir, f)).mtimeMs));
if (!existsSync(jar) || statSync(jar).mtimeMs < newestJavaSource) {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const javaMajor = Number(/version "(?:1\.)?(\d+)/.exec(java.stderr ?? '')?.[1] ?? 0);
  const maven = !spawnSync('mvn', ['--version']).error;
  if (javaMajor < 17 || !maven) {
    const found = `${javaMajor ? `Java ${javaMajor}` : 'no java'}, ${maven ? 'Maven' : 'no mvn'}`;
    console.error(
      `The mongo-java-server test server needs Java 17+ and Maven on PATH; found ${found}.\n` +
        'On Debian: apt-get install default-jdk-headless maven (.ci/run does it).',
    );
    process.exit(1);
  }
  console.log(
    'Building the mongo-java-server 1.47.0 test server (the first run downloads about 30 MB from Maven Central)…',
  );
  // Maven's own output only when it fails: a build that works says nothing more.
  const build = spawnSync('mvn', ['--batch-mode', '--quiet', '-f', join(javaDir, 'pom.xml'), 'package'], {
    cwd: javaDir,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    console.error(build.stdout, build.stderr);
    console.error(
      'Could not build mongo-java-server: the tests need Maven Central reachable, or its artifacts in ~/.m2.',
    );
    process.exit(1);
  }
}

try {
  const Database = createRequire(import.meta.url)('better-sqlite3');
  new Database(':memory:').close();
} catch {
  console.log('Rebuilding better-sqlite3 for Node (it was built for Electron)…');
  execFileSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit' });
}
