/**
 * Real-engine test support: find the Docker engine (DOCKER_HOST or the default socket); a
 * suite that needs it fails with the reason when none answers (start one: .ci/start-docker.sh).
 * Also builds the tiny local base image (busybox-static, `docker import`): nothing can be
 * pulled from Docker Hub here.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { describeWith } from './prerequisite';

const run = promisify(execFile);

export const BASE_IMAGE = 'autodeploy-test/busybox:1';

let reachable: Promise<string | null> | undefined;
/** null when the engine answers, else the reason it does not. */
export function dockerUnavailableReason(): Promise<string | null> {
  reachable ??= new Docker()
    .ping()
    .then(() => null)
    .catch((err: Error) => `a Docker engine (none answers: ${err.message}; start one with bash .ci/start-docker.sh)`);
  return reachable;
}

/** `describe` for suites that need the engine: fails with the reason when none answers. */
export function describeDocker(name: string, body: () => void): Promise<void> {
  return describeWith(name, [dockerUnavailableReason()], body);
}

/** An engine the CLI can reach: its dockerode client and its -H address (default: Docker's). */
export interface EngineClient {
  docker: Docker;
  /** `unix:///…`; undefined: DOCKER_HOST or the default socket. */
  host?: string;
}

const baseImages = new Map<string, Promise<string>>();
/**
 * A ~2 MB image with busybox applets (sh, httpd, wget, sleep, ...), made from the host's
 * static busybox (on Docker, or on a Podman service through its Docker-compatible API).
 * Idempotent across test files and runs.
 */
export function ensureBaseImage(client: EngineClient = { docker: new Docker() }): Promise<string> {
  const key = client.host ?? '';
  let made = baseImages.get(key);
  if (!made) {
    made = makeBaseImage(client);
    baseImages.set(key, made);
  }
  return made;
}

function makeBaseImage({ docker, host }: EngineClient): Promise<string> {
  return (async () => {
    try {
      await docker.getImage(BASE_IMAGE).inspect();
      return BASE_IMAGE;
    } catch {
      // build it below
    }
    const root = await mkdtemp(join(tmpdir(), 'ad-busybox-'));
    try {
      await mkdir(join(root, 'bin'), { recursive: true });
      await mkdir(join(root, 'www'), { recursive: true });
      await mkdir(join(root, 'tmp'), { recursive: true });
      await cp('/bin/busybox', join(root, 'bin/busybox'));
      const applets = ['sh', 'httpd', 'sleep', 'cat', 'echo', 'wget', 'ls', 'env', 'kill', 'true', 'false', 'test', 'printf', 'nc'];
      for (const a of applets) await symlink('busybox', join(root, 'bin', a));
      await writeFile(join(root, 'www/index.html'), 'base\n');
      const cli = host ? `docker -H '${host}'` : 'docker';
      await run('sh', ['-c', `tar -C '${root}' -c . | ${cli} import -c 'ENV PATH=/bin' - ${BASE_IMAGE}`]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    return BASE_IMAGE;
  })();
}

/** A command for test images: serve /www on 8080 and exit promptly on SIGTERM. */
export const HTTPD_CMD = ['/bin/sh', '-c', "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"];

/** Remove containers/images a test created, by label. */
export async function removeByLabel(label: string): Promise<void> {
  const docker = new Docker();
  const containers = await docker.listContainers({ all: true, filters: { label: [label] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
}
