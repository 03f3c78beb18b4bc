/**
 * For the runtime tests: start a `serve` command line (npm, the installed bin, …) and wait for
 * it to listen, and check whether ports were let go.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { connect } from 'node:net';

export interface Started {
  proc: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `command` and resolves once it printed its Dashboard line (it is then listening). */
export async function startCommand(command: string, args: string[], options: SpawnOptions = {}, timeoutMs = 60_000): Promise<Started> {
  const proc = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start in time:\n${out}`)), timeoutMs);
    proc.stdout?.on('data', () => {
      if (/Dashboard: /.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  return { proc, output: () => out, exited };
}

/** Whether something accepts connections on 127.0.0.1:port right now. */
export function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until no port accepts connections or `withinMs` passes; returns those still open. */
export async function stillOpenAfter(ports: number[], withinMs: number): Promise<number[]> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const open = (await Promise.all(ports.map(async (p) => ((await accepting(p)) ? p : null)))).filter((p): p is number => p !== null);
    if (open.length === 0 || Date.now() > deadline) return open;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether a process with this pid still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
