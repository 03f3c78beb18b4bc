/**
 * The proxy image for tests: no registry is reachable, so the real Caddy binary of Debian's
 * `caddy` package (dynamically linked) is packed with the shared libraries `ldd` lists and
 * the dynamic loader into a root and `docker import`ed under the name the tests configure as
 * `settings.proxy.image`. Idempotent across test files and runs.
 */
import { execFile } from 'node:child_process';
import { access, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { PROXY_LABEL, appIdFor } from '../../electron/core/deploy/runtime/proxy/proxy-plan';

const run = promisify(execFile);
export const CADDY_BINARY = '/usr/bin/caddy';
export const TEST_PROXY_IMAGE = 'autodeploy-test/caddy:2';

/** null when the Caddy binary is there, else what to install (for describeWith). */
export async function caddyUnavailableReason(): Promise<string | null> {
  try {
    await access(CADDY_BINARY);
    return null;
  } catch {
    return `the Caddy binary ${CADDY_BINARY} (apt-get install -y caddy)`;
  }
}

let built: Promise<string> | undefined;
export function ensureCaddyImage(name = TEST_PROXY_IMAGE): Promise<string> {
  built ??= (async () => {
    const docker = new Docker();
    try {
      await docker.getImage(name).inspect();
      return name;
    } catch {
      // build it below
    }
    const root = await mkdtemp(join(tmpdir(), 'ad-caddy-'));
    try {
      const { stdout } = await run('ldd', [CADDY_BINARY]);
      // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
      const libs = [...stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]);
      for (const path of [CADDY_BINARY, ...libs]) {
        await mkdir(join(root, dirname(path)), { recursive: true });
        await cp(path, join(root, path), { dereference: true });
      }
      await mkdir(join(root, 'tmp'), { recursive: true });
      await run('sh', ['-c', `tar -C '${root}' -c . | docker import -c 'ENV PATH=/usr/bin:/bin' -c 'CMD ["caddy","run"]' - ${name}`]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
    return name;
  })();
  return built;
}

/** Remove the proxy container of the app whose data dir this is (test cleanup). */
export async function removeProxyOf(dataDir: string): Promise<void> {
  const docker = new Docker();
  const list = await docker.listContainers({ all: true, filters: { label: [`${PROXY_LABEL.app}=${appIdFor(dataDir)}`] } });
  for (const c of list) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
}

/**
 * A served version whose server keeps up with a 10 ms client on a loaded 2-core machine:
 * Caddy's file server (Go, the kernel's full accept backlog). busybox httpd accepts with a
 * backlog of 9 and forks per request; at load 20 it dropped 31 of 978 direct requests (no
 * proxy, no deploy), which would hide what these tests measure.
 */
export const caddyServingDockerfile = (image = TEST_PROXY_IMAGE): string =>
  `FROM ${image}\nCOPY version /www/version\nCMD ["caddy","file-server","--listen",":8080","--root","/www"]\n`;
