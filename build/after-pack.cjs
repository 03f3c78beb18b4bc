// electron-builder afterPack hook: flip Electron's fuses in the packed binary before it is
// signed, so a shipped Auto Deploy cannot be turned into a general Node runtime
// (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) or made to load code from outside its asar.
'use strict';
/* global module, require */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder require()s its hooks: CommonJS */
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/**
 * @param {string} platform
 * @param {string | undefined} arch
 * @returns {import('@electron/fuses').FuseV1Config}
 */
function fuseConfig(platform, arch) {
  return {
    version: FuseVersion.V1,
    // An unsigned arm64 macOS binary must be re-signed ad hoc after its bytes change.
    resetAdHocDarwinSignature: platform === 'darwin' && arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    // The dashboard is served from app://, never file://.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/**
 * The packed Electron binary (or .app bundle) electron-builder just wrote.
 * @param {Pick<import('electron-builder').AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'packager'>} context
 */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  // Linux names the binary after `executableName` (a LinuxPackager property).
  const linux = /** @type {{ executableName?: string }} */ (/** @type {unknown} */ (packager));
  return path.join(appOutDir, linux.executableName ?? packager.appInfo.sanitizedName);
}

/** electron-builder's Arch enum value → name. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** @param {import('electron-builder').AfterPackContext} context */
async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = ARCH_NAMES[context.arch];
  await flipFuses(electronBinary(context), fuseConfig(platform, arch));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinary = electronBinary;
