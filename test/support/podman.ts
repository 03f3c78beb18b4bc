/**
 * A Podman service for tests: `podman system service` on a socket of its own in a temp dir,
 * serving the Docker-compatible API the app talks to (point dockerode or DOCKER_HOST at it).
 * Started once per test file and stopped after it, like the test registry (registry.ts).
 *
 * Test set-up details, not product requirements: on restricted hosts Podman's default rlimits
 * (1048576 open files/processes) cannot be granted, so the service gets its own containers.conf
 * with lower `default_ulimits`; and a registries.conf marks loopback registries insecure (plain
 * http), as a user does for a local registry.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);

export interface TestPodman {
  /** `unix:///…/podman.sock`: for DOCKER_HOST or the CLI's -H. */
  host: string;
  docker: Docker;
  stop(): Promise<void>;
}

const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]
`;
const REGISTRIES_CONF = `unqualified-search-registries = []

[[registry]]
location = "127.0.0.1"
insecure = true

[[registry]]
location = "localhost"
insecure = true
`;

let installed: Promise<string | null> | undefined;
/** null when podman can run here, else why not. */
export function podmanUnavailableReason(): Promise<string | null> {
  installed ??= run('podman', ['--version']).then(
    () => null,
    (err: Error) => `podman (not runnable: ${err.message}; apt-get install -y podman — .ci/run does)`,
  );
  return installed;
}

export async function startPodman(): Promise<TestPodman> {
  const dir = await mkdtemp(join(tmpdir(), 'ad-podman-'));
  await writeFile(join(dir, 'containers.conf'), CONTAINERS_CONF);
  await writeFile(join(dir, 'registries.conf'), REGISTRIES_CONF);
  const socket = join(dir, 'podman.sock');
  const env = { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf'), CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf') };
  const child: ChildProcess = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const docker = new Docker({ socketPath: socket });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await docker.ping();
      break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`podman system service did not start: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: `unix://${socket}`,
    docker,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
