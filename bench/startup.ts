/**
 * `autodeploy serve` start-up and idle footprint, as a process manager sees it: time from exec
 * to both ports accepting connections (median and max of RUNS starts), and the resident memory
 * of every process left running after IDLE_S seconds idle, with 0 components and with 100
 * components plus a full deploy history and delivery log. Targets (issue 13): ≤ 1 s to
 * listening, ≤ 80 MB resident. Baselines measured in the same run: `node -e 0` (exec→exit, what
 * this machine's load makes of a bare Node start) and the previous way to run the engine
 * (TypeScript through tsx). Needs `npm run build` first. Run: npx tsx bench/startup.ts
 * To compare with an earlier build in the same run (same load, same data), copy its
 * out/headless to e.g. out/headless-before and run with BEFORE=out/headless-before/index.js;
 * the copy must stay inside the package folder (it finds package.json and node_modules above it).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { EventBus } from '../electron/core/events';
import { ComponentService } from '../electron/core/service/component-service';
import { FileKeySealer, SECRET_KEY_FILE } from '../electron/core/store/sealer';
import { Store } from '../electron/core/store/store';
import { freePort } from '../test/support/registry';
import { fillHistory } from './full-history';
import { summarize } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'autodeploy.mjs');
const RUNS = Number(process.env.RUNS ?? 10);
const IDLE_S = Number(process.env.IDLE_S ?? 10);
const BEFORE = process.env.BEFORE;

const accepting = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function seed(dataDir: string, components: number): Promise<void> {
  const store = await Store.open(dataDir);
  const sealer = await FileKeySealer.open(join(dataDir, SECRET_KEY_FILE));
  const service = new ComponentService(store, sealer, new EventBus(), { removeComponentResources: async () => false });
  const ids: string[] = [];
  for (let i = 0; i < components; i++) {
    const c = await service.create({
      name: `app-${i}`,
      source: i % 2 ? { type: 'image', image: `registry.example.com/team/app-${i}:v1.0.${i}` } : { type: 'git', repo: `https://git.example.com/team/app-${i}.git`, branch: 'main' },
      deploy: { ports: [`${10000 + i}:8080`], env: { MODE: 'prod', INDEX: String(i) } },
    });
    ids.push(c.id);
  }
  if (components > 0) await fillHistory(store, ids);
  await store.close();
}

async function treeCpuMs(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
  let total = await cpuMs(pid);
  for (const c of children) total += await treeCpuMs(c);
  return total;
}

/** Resident set of `pid` and all its descendants (Linux /proc), in MB. */
async function treeRssMb(pid: number): Promise<{ mb: number; processes: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(/\s+/).filter(Boolean).map(Number);
  let mb = kb / 1024;
  let processes = status ? 1 : 0;
  for (const c of children) {
    const sub = await treeRssMb(c);
    mb += sub.mb;
    processes += sub.processes;
  }
  return { mb, processes };
}

/** CPU time (user + system) `pid` has used so far, in ms: what start-up costs regardless of load. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11], fields[12] = utime, stime in clock ticks (100 per second on Linux)
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
}

interface Start {
  ms: number;
  cpu: number;
  proc: ChildProcess;
  exited: Promise<void>;
}

async function startOnce(command: string, args: string[], dataDir: string): Promise<Start> {
  const [webhookPort, controlPort] = [await freePort(), await freePort()];
  const t0 = performance.now();
  const proc = spawn(command, [...args, '--data-dir', dataDir, '--webhook-port', String(webhookPort), '--control-port', String(controlPort)], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${command} exited ${proc.exitCode}: ${err}`);
    if ((await accepting(webhookPort)) && (await accepting(controlPort))) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  return { ms, cpu: (await treeCpuMs(proc.pid!)), proc, exited };
}

async function stop(s: Start): Promise<void> {
  s.proc.kill('SIGTERM');
  await s.exited;
}

async function measure(label: string, command: string, args: string[], components: number, runs: number, idle: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), 'ad-bench-startup-'));
  await seed(dataDir, components);
  const times: number[] = [];
  const cpu: number[] = [];
  let rss: { mb: number; processes: number } | undefined;
  for (let i = 0; i < runs; i++) {
    const s = await startOnce(command, args, dataDir);
    times.push(s.ms);
    cpu.push(s.cpu);
    if (idle && i === runs - 1) {
      await new Promise((r) => setTimeout(r, IDLE_S * 1000));
      rss = await treeRssMb(s.proc.pid!);
    }
    await stop(s);
  }
  await rm(dataDir, { recursive: true, force: true });
  const t = summarize(times);
  const c = summarize(cpu);
  const mem = rss ? `  RSS after ${IDLE_S} s idle ${rss.mb.toFixed(1).padStart(6)} MB (${rss.processes} process${rss.processes === 1 ? '' : 'es'})` : '';
  console.log(`${label.padEnd(46)} exec→listening median ${t.p50.toFixed(0).padStart(5)} ms  max ${t.max.toFixed(0).padStart(5)} ms  (CPU median ${c.p50.toFixed(0).padStart(4)} ms)${mem}`);
  return { median: t.p50, max: t.max, rss: rss?.mb };
}

if (!existsSync(join(ROOT, 'out', 'headless', 'index.js')) || !existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
  console.error('bench/startup.ts measures the built command: run `npm run build` first');
  process.exit(1);
}

const bare: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bare.push(performance.now() - t0);
}
const b = summarize(bare);
console.log(`baseline: node -e 0 (exec→exit)${' '.repeat(16)}         median ${b.p50.toFixed(0).padStart(5)} ms  max ${b.max.toFixed(0).padStart(5)} ms`);
console.log(`targets: ≤ 1000 ms to listening on both ports, ≤ 80 MB for everything left running; ${RUNS} starts each`);
for (const components of [0, 100]) {
  const what = components ? '100 components + full history' : '0 components';
  await measure(`autodeploy serve, ${what}`, process.execPath, [BIN, 'serve'], components, RUNS, true);
  if (BEFORE) await measure(`earlier build (BEFORE), ${what}`, process.execPath, [BEFORE, 'serve'], components, RUNS, true);
  await measure(`npm run serve, ${what}`, 'npm', ['run', '--silent', 'serve', '--'], components, 3, true);
  await measure(`before: tsx electron/headless.ts, ${what}`, process.execPath, ['--import', 'tsx', 'electron/headless.ts', 'serve'], components, 3, true);
}
