/**
 * Runs the real headless `serve` process — the compiled command, `bin/autodeploy.mjs serve`,
 * as built by `npm run build` (vitest's global set-up, test/support/build-once.ts, builds it
 * when stale) — on free loopback ports with a data directory of the test's choosing, and talks
 * to its control API.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'autodeploy.mjs');

export interface ServeProcess {
  proc: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  controlUrl: string;
  token: string;
  /** Dashboard URL with `#token=`. */
  dashboardUrl: string;
  output(): string;
  /** fetch against the control API with the bearer token. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServeOptions {
  dataDir: string;
  webhookPort?: number;
  controlPort?: number;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function startServe(opts: ServeOptions): Promise<ServeProcess> {
  const args = [
    BIN,
    'serve',
    '--data-dir',
    opts.dataDir,
    '--webhook-port',
    String(opts.webhookPort ?? 0),
    '--control-port',
    String(opts.controlPort ?? 0),
  ];
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  // Not a terminal, so serve prints the dashboard link without the token (kept out of logs).
  const printedUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${out}`)), opts.timeoutMs ?? 30_000);
    const check = (): void => {
      const m = /Dashboard: (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
  const controlUrl = new URL(printedUrl).origin;
  const token = (await readFile(join(opts.dataDir, 'control-token'), 'utf8')).trim();
  const dashboardUrl = `${controlUrl}/#token=${token}`;

  return {
    proc,
    controlUrl,
    token,
    dashboardUrl,
    output: () => out,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${controlUrl}/api${path}`, { ...init, headers, body });
    },
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill(signal);
      return exited;
    },
  };
}
