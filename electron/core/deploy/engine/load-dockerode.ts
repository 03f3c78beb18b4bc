/**
 * dockerode, loaded on first use and without the parts this app never calls. At require time
 * dockerode loads gRPC and protobuf (for BuildKit sessions, which we do not open) and
 * docker-modem loads ssh2 (for `ssh://` DOCKER_HOSTs): together ≈ 400 ms and ≈ 11 MB of a
 * 1-second, 80-MB start-up budget. Those two modules are pre-seeded in the require cache with
 * stand-ins that load the real module on first call, so an `ssh://` DOCKER_HOST (or a future
 * BuildKit build) still works, it just pays then. If dockerode's layout ever changes the seeding
 * is skipped and everything loads eagerly, as before.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Docker from 'dockerode';

const require = createRequire(import.meta.url);
let loaded: typeof Docker | undefined;

/** A cache entry for `file` whose export is a function that loads the real one when called. */
function deferFunctionModule(file: string): void {
  if (require.cache[file]) return;
  const stand = {
    id: file,
    filename: file,
    loaded: true,
    exports: function deferred(this: unknown, ...args: unknown[]): unknown {
      delete require.cache[file];
      const real = require(file) as (...a: unknown[]) => unknown;
      return real.apply(this, args);
    },
  };
  require.cache[file] = stand as unknown as NodeJS.Module;
}

export function loadDockerode(): typeof Docker {
  if (loaded) return loaded;
  try {
    const main = require.resolve('dockerode');
    deferFunctionModule(join(dirname(main), 'session.js'));
    const modem = require.resolve('docker-modem', { paths: [dirname(main)] });
    deferFunctionModule(join(dirname(modem), 'ssh.js'));
  } catch {
    // layout changed: load everything eagerly
  }
  loaded = require('dockerode') as typeof Docker;
  return loaded;
}
