/**
 * Packaging pieces that can be checked without Electron: the fuse-flipping afterPack hook run
 * on a stand-in binary carrying Electron's real fuse sentinel, and the committed icons.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { trayIconPath } from '../../electron/main/electron-tray';
import type { TrayIconName } from '../../shared/tray-menu';

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  arch: number;
  packager: { executableName?: string; appInfo: { productFilename: string; sanitizedName: string } };
}
const require = createRequire(import.meta.url);
const hook = require('../../build/after-pack.cjs') as ((c: PackContext) => Promise<void>) & { electronBinary: (c: PackContext) => string };

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const BUILD = join(import.meta.dirname, '..', '..', 'build');
const ICONS: TrayIconName[] = ['idle', 'working', 'failed', 'paused', 'tunnel-down'];

describe('afterPack fuses', () => {
  it('flips the security fuses in the packed binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autodeploy-fuses-'));
    try {
      // Fuse wire v1 with 8 fuses, every one at Electron's default-ish "enabled" (ASCII '1').
      const binary = Buffer.concat([Buffer.from('\x7fELF...padding'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('11111111'), Buffer.from('tail')]);
      writeFileSync(join(dir, 'auto-deploy'), binary);
      const context: PackContext = {
        appOutDir: dir,
        electronPlatformName: 'linux',
        arch: 1,
        packager: { executableName: 'auto-deploy', appInfo: { productFilename: 'Auto Deploy', sanitizedName: 'auto-deploy' } },
      };
      await hook(context);
      const wire = await getCurrentFuseWire(join(dir, 'auto-deploy'));
      const on = 49;
      const off = 48;
      expect({
        runAsNode: wire[FuseV1Options.RunAsNode],
        nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
        inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
        onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
        asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
        cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
        fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
      }).toEqual({ runAsNode: off, nodeOptions: off, inspect: off, onlyAsar: on, asarIntegrity: on, cookieEncryption: on, fileProtocolPrivileges: off });
      // Everything around the wire is untouched.
      const after = readFileSync(join(dir, 'auto-deploy'));
      expect(after.length).toBe(binary.length);
      expect(after.subarray(after.length - 4).toString()).toBe('tail');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the binary electron-builder wrote on each platform', () => {
    const base = { appOutDir: '/o', arch: 1, packager: { executableName: 'auto-deploy', appInfo: { productFilename: 'Auto Deploy', sanitizedName: 'auto-deploy' } } };
    expect(hook.electronBinary({ ...base, electronPlatformName: 'darwin' })).toBe('/o/Auto Deploy.app');
    expect(hook.electronBinary({ ...base, electronPlatformName: 'win32' })).toBe('/o/Auto Deploy.exe');
    expect(hook.electronBinary({ ...base, electronPlatformName: 'linux' })).toBe('/o/auto-deploy');
  });
});

/** Width, height and RGBA pixels of an 8-bit RGBA, non-interlaced PNG (what Chromium writes). */
function decodePng(file: string): { width: number; height: number; pixels: Buffer } {
  const png = readFileSync(file);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25], png[28]]).toEqual([8, 6, 0]);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const a = x >= 4 ? pixels[y * stride + x - 4] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

describe('icons', () => {
  it('every tray state has colour and macOS template images at 1x and 2x, where the app looks for them', () => {
    for (const icon of ICONS) {
      for (const platform of ['linux', 'win32', 'darwin'] as const) {
        const file = trayIconPath(join(BUILD, 'tray'), icon, platform);
        expect(decodePng(file)).toMatchObject({ width: 16, height: 16 });
        expect(decodePng(file.replace(/\.png$/, '@2x.png'))).toMatchObject({ width: 32, height: 32 });
      }
    }
  });

  it('template images are black with alpha only, and not empty', () => {
    for (const icon of ICONS) {
      const { pixels } = decodePng(join(BUILD, 'tray', `tray-${icon}Template@2x.png`));
      let opaque = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        opaque++;
        expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0]);
      }
      expect(opaque).toBeGreaterThan(200);
    }
  });

  it('the states are told apart by shape, not only by colour', () => {
    const alpha = (icon: TrayIconName) => {
      const { pixels } = decodePng(join(BUILD, 'tray', `tray-${icon}Template@2x.png`));
      return Buffer.from(pixels.filter((_, i) => i % 4 === 3)).toString('base64');
    };
    expect(new Set(ICONS.map(alpha)).size).toBe(ICONS.length);
  });

  it('app icons exist at the sizes installers need', () => {
    expect(decodePng(join(BUILD, 'icon.png'))).toMatchObject({ width: 512, height: 512 });
    for (const n of [16, 32, 48, 64, 128, 256, 512]) expect(existsSync(join(BUILD, 'icons', 'app', `${n}x${n}.png`))).toBe(true);
  });
});
