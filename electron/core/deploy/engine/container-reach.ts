/**
 * Whether this process can open connections to containers' own network addresses (what the
 * zero-downtime swap needs to check a new container before the proxy sends it traffic): only
 * a rootful engine on this Linux host, reached over its local socket. Docker Desktop runs the
 * engine in a VM (on Linux too), rootless Docker and Podman keep containers in their own
 * network namespace, and a remote engine's bridge is on another machine.
 */
export interface EngineWhereabouts {
  platform: NodeJS.Platform;
  /** The API is reached over a unix socket / named pipe (not tcp:// or ssh://). */
  localSocket: boolean;
  /** /info SecurityOptions, e.g. `name=rootless`. */
  securityOptions: string[];
  /** /info OperatingSystem, e.g. `Debian GNU/Linux 12 (bookworm)`, `Docker Desktop`. */
  operatingSystem: string;
}

/** null when container addresses are reachable from here, else why not. */
export function containerAddressesOutOfReach(e: EngineWhereabouts): string | null {
  if (e.platform !== 'linux') return 'the engine runs in a VM on this system (Docker Desktop, Podman machine)';
  if (/docker desktop/i.test(e.operatingSystem)) return 'Docker Desktop runs the engine in a VM';
  if (!e.localSocket) return 'the engine is remote (DOCKER_HOST is not a local socket)';
  if (e.securityOptions.some((o) => /(^|,)name=rootless(,|$)/.test(o))) return 'a rootless engine keeps containers in its own network namespace';
  return null;
}
