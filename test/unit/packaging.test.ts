import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface BuildConfig {
  files: string[];
  asarUnpack: string[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
  main: string;
  build: BuildConfig;
};

describe('the electron-builder configuration', () => {
  it('builds AppImage and deb, NSIS and dmg installers of the built app', () => {
    expect(pkg.build.linux.target).toEqual(['AppImage', 'deb']);
    expect(pkg.build.win.target).toEqual(['nsis']);
    expect(pkg.build.mac.target).toEqual(['dmg']);
    expect(pkg.main.startsWith('./out/')).toBe(true);
    expect(pkg.build.files).toContain('out/**');
  });

  it('unpacks better-sqlite3 from the archive, since a native module cannot load from inside it', () => {
    expect(pkg.build.asarUnpack).toContain('node_modules/better-sqlite3/**');
  });
});
