/**
 * SIGTERM/SIGINT to the pid a process manager holds stop everything and free both ports: the
 * pid of `npm run serve` (npm forwards the signal to its child, which `exec` made the engine
 * itself, not a shell) and the pid of `autodeploy serve` (the engine runs in that process).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/registry';
import { BIN } from '../support/serve';
import { alive, startCommand, stillOpenAfter } from './process-helpers';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Pids of `pid`'s children (Linux /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(/\s+/).filter(Boolean).map(Number);
}

describe('signals to the process a manager holds', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-signals-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const launchers: [string, (args: string[]) => [string, string[]]][] = [
    ['npm run serve', (args) => ['npm', ['run', '--silent', 'serve', '--', ...args]]],
    ['autodeploy serve', (args) => [process.execPath, [BIN, 'serve', ...args]]],
  ];
  for (const [name, launch] of launchers) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`${signal} to the pid of \`${name}\` stops the engine and frees both ports`, async () => {
        const [webhookPort, controlPort] = [await freePort(), await freePort()];
        const dataDir = await mkdtemp(join(dir, 'data-'));
        const [command, args] = launch(['--data-dir', dataDir, '--webhook-port', String(webhookPort), '--control-port', String(controlPort)]);
        const serve = await startCommand(command, args, { cwd: ROOT });
        const pid = serve.proc.pid!;
        // npm runs the script through `sh -c`, whose `exec` leaves the engine as npm's only child
        const engines = name.startsWith('npm') ? await childrenOf(pid) : [pid];
        expect(engines).toHaveLength(1);
        serve.proc.kill(signal);
        expect(await stillOpenAfter([webhookPort, controlPort], 5_000)).toEqual([]);
        await serve.exited;
        await new Promise((r) => setTimeout(r, 200));
        expect(engines.filter(alive)).toEqual([]);
        expect(serve.output()).toContain(`${signal}: stopping`);
      });
    }
  }
});
