/**
 * A real registry on loopback (Debian's docker-registry, distribution 2.8), one per test
 * suite, optionally sending real notifications to a URL with headers of the test's choosing.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface RegistryOptions {
  /** A fixed port (e.g. to restart a registry at the same address); default a free one. */
  port?: number;
  notifyUrl?: string;
  notifyHeaders?: Record<string, string>;
  /** Basic auth with this one account (an htpasswd file made by apache2-utils' htpasswd). */
  htpasswd?: { username: string; password: string };
}
export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 — use as image prefix. */
  host: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export async function startRegistry(opts: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'ad-registry-'));
  const port = opts.port ?? (await freePort());
  const lines = [
    'version: 0.1',
    'log: { level: error }',
    `storage: { filesystem: { rootdirectory: ${JSON.stringify(join(dir, 'data'))} }, delete: { enabled: true } }`,
    `http: { addr: "127.0.0.1:${port}" }`,
  ];
  if (opts.htpasswd) {
    const file = join(dir, 'htpasswd');
    const { stdout } = await promisify(execFile)('htpasswd', ['-Bbn', opts.htpasswd.username, opts.htpasswd.password]);
    await writeFile(file, stdout);
    lines.push(`auth: { htpasswd: { realm: autodeploy-test, path: ${JSON.stringify(file)} } }`);
  }
  if (opts.notifyUrl) {
    const headers = Object.entries(opts.notifyHeaders ?? {})
      .map(([k, v]) => `${JSON.stringify(k)}: [${JSON.stringify(v)}]`)
      .join(', ');
    lines.push(
      'notifications:',
      '  endpoints:',
      '    - name: autodeploy',
      `      url: ${JSON.stringify(opts.notifyUrl)}`,
      `      headers: { ${headers} }`,
      '      timeout: 2s',
      '      threshold: 5',
      '      backoff: 1s',
    );
  }
  const config = join(dir, 'config.yml');
  await writeFile(config, lines.join('\n') + '\n');
  const child: ChildProcess = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || (opts.htpasswd && res.status === 401)) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start: ${stderr.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
