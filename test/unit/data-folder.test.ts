import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataFolderError,
  fuseMountType,
  isUncPath,
  linuxNetworkFileSystem,
  macMountType,
  macNetworkFileSystem,
  refuseNetworkFolder,
} from '../../src/main/core/store/data-folder';
import { openDatabase } from '../../src/main/core/store/database';
import { tempDir } from '../support/temp';

/** A line of /proc/self/mountinfo for a mount point and file-system type. */
const mountinfo = (mountPoint: string, type: string, source = 'none'): string =>
  `40 27 0:50 / ${mountPoint} rw,relatime - ${type} ${source} rw`;

describe('data folders on network file systems', () => {
  it.each([
    [0x6969, 'NFS'],
    [0x517b, 'SMB'],
    [0xff534d42, 'SMB/CIFS'],
    [0xfe534d42, 'SMB2/SMB3'],
    [0x5346414f, 'AFS'],
    [0x6b414653, 'AFS'],
    [0x73757245, 'Coda'],
    [0x564c, 'NetWare (NCP)'],
    [0x00c36400, 'CephFS'],
    [0x01021997, '9P'],
  ])('knows statfs type 0x%s as %s', (type, name) => {
    expect(linuxNetworkFileSystem(type, null)).toBe(name);
  });

  it.each([
    [0xef53, 'ext4'],
    [0x58465342, 'XFS'],
    [0x9123683e, 'Btrfs'],
    [0x01021994, 'tmpfs'],
    [0x794c7630, 'overlayfs'],
    [0x2011bab0, 'exFAT'],
    [0x5346544e, 'NTFS (ntfs3)'],
    [0x4d44, 'FAT'],
  ])('takes statfs type 0x%s (%s) for a local disk', (type) => {
    expect(linuxNetworkFileSystem(type, null)).toBeNull();
  });

  it('tells a FUSE network mount (sshfs, rclone, GNOME shares) from a local FUSE one by its mount type', () => {
    const FUSE = 0x65735546;
    expect(linuxNetworkFileSystem(FUSE, 'fuse.sshfs')).toBe('sshfs (FUSE)');
    expect(linuxNetworkFileSystem(FUSE, 'fuse.rclone')).toBe('rclone (FUSE)');
    expect(linuxNetworkFileSystem(FUSE, 'fuse.gvfsd-fuse')).toBe('gvfsd-fuse (FUSE)');
    // NTFS drives through ntfs-3g, encrypted folders, AppImages: local disks behind FUSE.
    expect(linuxNetworkFileSystem(FUSE, 'fuseblk')).toBeNull();
    expect(linuxNetworkFileSystem(FUSE, 'fuse.gocryptfs')).toBeNull();
    expect(linuxNetworkFileSystem(FUSE, null)).toBeNull();
  });

  it('finds the type of the mount a folder is on from /proc/self/mountinfo, the deepest mount winning', () => {
    const table = [
      mountinfo('/', 'ext4', '/dev/sda1'),
      mountinfo('/home/ann/remote', 'fuse.sshfs', 'ann@nas:/data'),
      mountinfo('/home/ann/remote/inner', 'fuse.gocryptfs'),
      mountinfo('/mnt/with\\040space', 'fuse.rclone', 'drive:'),
    ].join('\n');
    expect(fuseMountType('/home/ann/remote/queue', table)).toBe('fuse.sshfs');
    expect(fuseMountType('/home/ann/remote', table)).toBe('fuse.sshfs');
    expect(fuseMountType('/home/ann/remote/inner/q', table)).toBe('fuse.gocryptfs');
    expect(fuseMountType('/home/ann/remoteness', table)).toBe('ext4');
    expect(fuseMountType('/mnt/with space/q', table)).toBe('fuse.rclone');
  });

  it("reads macOS's mount table, whose statfs types are not fixed numbers", () => {
    const table = [
      '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
      '//ann@nas/share on /Volumes/share (smbfs, nodev, nosuid, mounted by ann)',
      'nas:/export on /Volumes/nfs data (nfs, asynchronous)',
      '/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse)',
    ].join('\n');
    expect(macMountType('/Volumes/share/Import Console', table)).toBe('smbfs');
    expect(macMountType('/Volumes/nfs data/q', table)).toBe('nfs');
    expect(macMountType('/System/Volumes/Data/Users/ann', table)).toBe('apfs');
    expect(macNetworkFileSystem('smbfs')).toBe('SMB');
    expect(macNetworkFileSystem('afpfs')).toBe('AFP');
    expect(macNetworkFileSystem('webdav')).toBe('WebDAV');
    expect(macNetworkFileSystem('apfs')).toBeNull();
  });

  it('knows a Windows network share by its UNC path', () => {
    expect(isUncPath('\\\\fileserver\\team\\Import Console')).toBe(true);
    expect(isUncPath('//fileserver/team/Import Console')).toBe(true);
    expect(isUncPath('\\\\?\\UNC\\fileserver\\team')).toBe(true);
    expect(isUncPath('\\\\?\\C:\\Users\\ann')).toBe(false);
    expect(isUncPath('\\\\.\\pipe\\x')).toBe(false);
    expect(isUncPath('C:\\Users\\ann\\AppData\\Roaming\\Import Console')).toBe(false);
  });

  it('refuses a data folder on a network file system, naming the folder and why, before creating anything', () => {
    const folder = join(tempDir(), 'nas', 'Import Console');
    const onNfs = (): string => 'NFS';
    expect(() => openDatabase(join(folder, 'import-console.sqlite'), onNfs)).toThrow(DataFolderError);
    expect(() => {
      refuseNetworkFolder(folder, onNfs);
    }).toThrow(
      `The data folder ${folder} is on a network file system (NFS). Import Console keeps its queue there in SQLite, ` +
        'whose write-ahead log needs memory shared by every process that opens it, which a network file system ' +
        'does not provide: the queue could be corrupted. Choose a folder on a local disk ' +
        '(IMPORT_CONSOLE_DATA_DIR, or --data-dir for the CLI).',
    );
    expect(existsSync(folder)).toBe(false);
  });

  it('opens a data folder on a local disk, one not created yet too', () => {
    const folder = join(tempDir(), 'not', 'there', 'yet');
    const asked: string[] = [];
    const db = openDatabase(join(folder, 'import-console.sqlite'), (dir) => {
      asked.push(dir);
      return null;
    });
    db.close();
    expect(asked).toEqual([folder]);
    expect(existsSync(join(folder, 'import-console.sqlite'))).toBe(true);
    // The real probe, on this machine's temporary folder: it asks the nearest folder that exists.
    openDatabase(join(tempDir(), 'q', 'import-console.sqlite')).close();
  });
});
