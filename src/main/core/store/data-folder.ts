import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Refusing a data folder on a network file system. SQLite's write-ahead log keeps an index in
 * memory shared by every process that opens the file (the -shm file, mapped into each of them),
 * and its locks are advisory locks of the local kernel: on a network file system two machines
 * (or Windows and WSL) each see their own, so the app and a CLI on them could both write and
 * corrupt the queue. SQLite documents WAL as unsupported there.
 */

/** Linux statfs magic numbers (linux/magic.h and the file systems' sources) of network file systems. */
const LINUX_NETWORK: ReadonlyMap<number, string> = new Map([
  [0x6969, 'NFS'],
  [0x517b, 'SMB'],
  [0xff534d42, 'SMB/CIFS'],
  [0xfe534d42, 'SMB2/SMB3'],
  [0x5346414f, 'AFS'],
  [0x6b414653, 'AFS'],
  [0x73757245, 'Coda'],
  [0x564c, 'NetWare (NCP)'],
  [0x00c36400, 'CephFS'],
  // WSL 2 mounts Windows drives (/mnt/c) over 9P: Windows and Linux processes do not share memory.
  [0x01021997, '9P'],
]);

const FUSE = 0x65735546;

/**
 * FUSE says nothing of where its files are: NTFS drives (ntfs-3g), encrypted folders and
 * AppImages are local. Only these subtypes, known to reach another machine, are refused; an
 * unknown one is taken for local rather than refuse a folder that works.
 */
const NETWORK_FUSE = new Set([
  'sshfs',
  'rclone',
  's3fs',
  'gcsfuse',
  'goofys',
  'glusterfs',
  'ceph-fuse',
  'juicefs',
  'smbnetfs',
  'curlftpfs',
  'davfs',
  'gvfsd-fuse',
  'onedriver',
]);

/** macOS mount types of network file systems: statfs there numbers types in boot order. */
const MAC_NETWORK: ReadonlyMap<string, string> = new Map([
  ['nfs', 'NFS'],
  ['smbfs', 'SMB'],
  ['afpfs', 'AFP'],
  ['webdav', 'WebDAV'],
  ['ftp', 'FTP'],
]);

/** The network file system a Linux statfs type (and, for FUSE, the mount's type) names; null when local. */
export function linuxNetworkFileSystem(type: number, mountType: string | null): string | null {
  if (type !== FUSE) return LINUX_NETWORK.get(type) ?? null;
  const subtype = mountType?.startsWith('fuse.') ? mountType.slice('fuse.'.length) : null;
  return subtype !== null && NETWORK_FUSE.has(subtype) ? `${subtype} (FUSE)` : null;
}

export function macNetworkFileSystem(mountType: string): string | null {
  return MAC_NETWORK.get(mountType) ?? null;
}

/** The type of the deepest mount holding `path`, among mount points and their types. */
function deepestMount(path: string, mounts: Iterable<{ point: string; type: string }>): string | null {
  let best: { point: string; type: string } | null = null;
  for (const mount of mounts) {
    const inside = path === mount.point || path.startsWith(mount.point === '/' ? '/' : `${mount.point}/`);
    if (inside && (best === null || mount.point.length > best.point.length)) best = mount;
  }
  return best?.type ?? null;
}

/** The type of the mount holding `path`, from /proc/self/mountinfo (spaces there are written \040). */
export function fuseMountType(path: string, mountinfo: string): string | null {
  const unescape = (field: string): string =>
    field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  const mounts = mountinfo.split('\n').flatMap((line) => {
    const [before, after] = line.split(' - ');
    const point = before?.split(' ')[4];
    const type = after?.split(' ')[0];
    return point && type ? [{ point: unescape(point), type }] : [];
  });
  return deepestMount(path, mounts);
}

/** The type of the mount holding `path`, from macOS's `mount` output: `<source> on <point> (<type>, …)`. */
export function macMountType(path: string, mountTable: string): string | null {
  const mounts = mountTable.split('\n').flatMap((line) => {
    const match = / on (.+) \(([^,)]+)/.exec(line);
    return match?.[1] && match[2] ? [{ point: match[1], type: match[2] }] : [];
  });
  return deepestMount(path, mounts);
}

/** `\\server\share\…` (or `\\?\UNC\server\share\…`): a Windows network share. */
export function isUncPath(path: string): boolean {
  const p = path.replace(/\//g, '\\');
  if (/^\\\\\?\\UNC\\/i.test(p)) return true;
  return /^\\\\[^\\?.][^\\]*\\[^\\]+/.test(p);
}

/** The folder itself or, when it does not exist yet, the nearest folder above it that does. */
function nearestExisting(dir: string): string {
  let current = resolve(dir);
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** Which network file system holds a folder, on this machine; null for a local disk. */
export type FolderProbe = (dir: string) => string | null;

export const networkFileSystem: FolderProbe = (dir) => {
  if (process.platform === 'win32') return isUncPath(resolve(dir)) ? 'a Windows network share' : null;
  const existing = realpathSync(nearestExisting(dir));
  if (process.platform === 'darwin') {
    const type = macMountType(existing, execFileSync('/sbin/mount', { encoding: 'utf8' }));
    return type === null ? null : macNetworkFileSystem(type);
  }
  const { type } = statfsSync(existing);
  return linuxNetworkFileSystem(type, type === FUSE ? fuseMountType(existing, mountInfo()) : null);
};

function mountInfo(): string {
  try {
    return readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return '';
  }
}

/** A data folder the local queue must not be kept in. */
export class DataFolderError extends Error {
  override name = 'DataFolderError';
}

export function refuseNetworkFolder(dir: string, probe: FolderProbe = networkFileSystem): void {
  const fileSystem = probe(dir);
  if (fileSystem === null) return;
  throw new DataFolderError(
    `The data folder ${dir} is on a network file system (${fileSystem}). Import Console keeps its queue there in SQLite, ` +
      'whose write-ahead log needs memory shared by every process that opens it, which a network file system ' +
      'does not provide: the queue could be corrupted. Choose a folder on a local disk ' +
      '(IMPORT_CONSOLE_DATA_DIR, or --data-dir for the CLI).',
  );
}
