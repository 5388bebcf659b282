import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';

/** The lease owner of a process on this machine that has exited: what a crash leaves behind. */
export function deadOwner(tag = 'gone'): string {
  const pid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  return `${pid}@${hostname()}#${tag}`;
}
