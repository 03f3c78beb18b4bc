/**
 * Security-suite support for the real `serve` process: create a component through the control
 * API and post to its webhook URLs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServeProcess } from '../support/serve';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `serve` on a data dir expecting it to exit by itself (killed after 30 s if not). */
export function serveToExit(dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/headless.ts', 'serve', '--data-dir', dataDir, '--webhook-port', '0', '--control-port', '0'], { cwd: ROOT });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

export interface ServedComponent {
  id: string;
  /** trigger kind → full webhook URL */
  urls: Record<string, string>;
}

export async function createServed(serve: ServeProcess, body: Record<string, unknown>): Promise<ServedComponent> {
  const res = await serve.api('/components', { method: 'POST', json: body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { id: string };
  const hooks = (await (await serve.api(`/components/${created.id}/webhooks`)).json()) as { hooks: { trigger: string; url: string }[] };
  return { id: created.id, urls: Object.fromEntries(hooks.hooks.map((h) => [h.trigger, h.url])) };
}

export interface Answer {
  status: number;
  json: Record<string, unknown> | undefined;
}

export async function post(url: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
