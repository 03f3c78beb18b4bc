/**
 * Deploy latency: from "a new image was pushed to the registry" to "the new version answers
 * HTTP" and to "succeeded" recorded, in three ways in the same run (same engine, same loopback
 * registry, same image shape, rotating order): the app in proxy mode (zero-downtime, through
 * Caddy), the app in today's container mode (stop old, start new), and the same steps by hand
 * with the docker CLI (pull, stop, rm, run, poll until the first HTTP answer). A client asks
 * each service every 10 ms meanwhile and counts failed requests. Also the queue overhead:
 * request() → the job's "pulling" event.
 *
 *   npx tsx bench/deploy-latency.ts [--iterations 7]
 *
 * The app runs with healthcheck.stableSeconds = 0 plus an HTTP probe on /version, so its
 * health check ends with the first good HTTP answer — the same moment the CLI path stops its
 * clock. With the default stableSeconds (3 s) a deploy would add those 3 s by design.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeployManager } from '../electron/core/deploy/deploy-manager';
import { EventBus } from '../electron/core/events';
import { ComponentService } from '../electron/core/service/component-service';
import { FileKeySealer } from '../electron/core/store/sealer';
import { Store } from '../electron/core/store/store';
import { isFinal } from '../shared/schemas/deploy';
import { TEST_PROXY_IMAGE, caddyServingDockerfile, ensureCaddyImage, removeProxyOf } from '../test/support/caddy-image';
import { startPoller } from '../test/support/poller';
import { freePort, startRegistry } from '../test/support/registry';

const run = promisify(execFile);
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ITERATIONS = arg('iterations', 7);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Poll until the port serves `/version` = expected; resolves with the time it did. */
async function firstAnswer(port: number, expected: string, deadlineMs = 60_000): Promise<number> {
  const end = performance.now() + deadlineMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(150) });
      const text = (await res.text()).trim();
      if (res.status === 200 && text === expected) return performance.now();
    } catch {
      // not answering yet
    }
    if (performance.now() > end) throw new Error(`no answer "${expected}" on ${port}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Build `version` into an image, push it as `ref`, and drop the local tag so the deploy must pull. */
async function pushVersion(ref: string, version: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ad-bench-img-'));
  try {
    // Caddy's file server for every path: busybox httpd drops connections under load, which
    // would count against every mode alike and hide the deploy gaps being compared
    await writeFile(join(dir, 'Dockerfile'), caddyServingDockerfile());
    await writeFile(join(dir, 'version'), `${version}\n`);
    await run('docker', ['build', '-q', '-t', ref, dir]);
    await run('docker', ['push', ref]);
    await run('docker', ['rmi', ref]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface AppTimes {
  answer: number[];
  done: number[];
  queue: number[];
  failed: number[];
}
const times = (): AppTimes => ({ answer: [], done: [], queue: [], failed: [] });

async function main(): Promise<void> {
  await ensureCaddyImage();
  const registry = await startRegistry();
  const dataDir = await mkdtemp(join(tmpdir(), 'ad-bench-deploy-'));
  const store = await Store.open(dataDir);
  await store.update((doc) => {
    doc.settings.proxy.image = TEST_PROXY_IMAGE;
  });
  const sealer = await FileKeySealer.open(join(dataDir, 'secret.key'));
  const events = new EventBus();
  const manager = new DeployManager({ store, sealer, events, dataDir, dockerConfigDir: join(dataDir, 'none') });
  await manager.start();
  const components = new ComponentService(store, sealer, events, manager);
  const cliPort = await freePort();
  const cliRef = `${registry.host}/bench/cli:latest`;
  const cliName = `autodeploy-bench-cli-${process.pid}`;
  const healthcheck = { timeoutSeconds: 30, stableSeconds: 0, http: { url: '/version', expectStatus: 200, timeoutSeconds: 30 } };
  const makeApp = async (mode: 'proxy' | 'container') => {
    const port = await freePort();
    const ref = `${registry.host}/bench/${mode}:latest`;
    const c = await components.create({
      name: `bench-${mode}-${process.pid}`,
      source: { type: 'image', image: ref },
      deploy: { ports: [`127.0.0.1:${port}:8080`], zeroDowntime: mode === 'proxy', healthcheck },
    });
    return { id: c.id, port, ref, t: times() };
  };
  const proxyApp = await makeApp('proxy');
  const containerApp = await makeApp('container');
  const cli = { answer: [] as number[], failed: [] as number[] };

  async function appDeploy(app: Awaited<ReturnType<typeof makeApp>>, version: string, record: boolean): Promise<void> {
    await pushVersion(app.ref, version);
    let pullingAt = 0;
    let finished: (() => void) | undefined;
    const done = new Promise<void>((r) => (finished = r));
    let doneAt = 0;
    let state = '';
    const off = events.subscribe((e) => {
      if (e.type !== 'deploy' || e.deploy.componentId !== app.id) return;
      if (e.deploy.state === 'pulling' && !pullingAt) pullingAt = performance.now();
      if (isFinal(e.deploy.state) && e.deploy.state !== 'superseded') {
        doneAt = performance.now();
        state = e.deploy.state;
        finished?.();
      }
    });
    const poller = record ? startPoller(`http://127.0.0.1:${app.port}/version`) : undefined;
    const t0 = performance.now();
    const answered = firstAnswer(app.port, version);
    await manager.request({ componentId: app.id, trigger: { kind: 'api' }, target: {} });
    const answerAt = await answered;
    await done;
    off();
    const polled = await poller?.stop();
    if (state !== 'succeeded') throw new Error(`app deploy ended ${state}`);
    if (record) {
      app.t.answer.push(answerAt - t0);
      app.t.done.push(doneAt - t0);
      app.t.queue.push(pullingAt - t0);
      app.t.failed.push(polled!.failures.length);
    }
  }

  async function cliDeploy(version: string, record: boolean): Promise<void> {
    await pushVersion(cliRef, version);
    const poller = record ? startPoller(`http://127.0.0.1:${cliPort}/version`) : undefined;
    const t0 = performance.now();
    await run('docker', ['pull', '-q', cliRef]);
    const existing = (await run('docker', ['ps', '-aq', '--filter', `name=^${cliName}$`])).stdout.trim();
    if (existing) {
      await run('docker', ['stop', cliName]);
      await run('docker', ['rm', cliName]);
    }
    await run('docker', ['run', '-d', '--name', cliName, '-p', `127.0.0.1:${cliPort}:8080`, '--restart', 'unless-stopped', cliRef]);
    const answerAt = await firstAnswer(cliPort, version);
    const polled = await poller?.stop();
    if (record) {
      cli.answer.push(answerAt - t0);
      cli.failed.push(polled!.failures.length);
    }
  }

  const steps = [(v: string, r: boolean) => appDeploy(proxyApp, `proxy-${v}`, r), (v: string, r: boolean) => appDeploy(containerApp, `container-${v}`, r), (v: string, r: boolean) => cliDeploy(`cli-${v}`, r)];
  try {
    // warm-up: first containers (and the proxy), caches, connection setup
    for (const step of steps) await step('warm', false);
    for (let i = 0; i < ITERATIONS; i++) {
      // rotate which mode goes first
      for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length](String(i), true);
    }
  } finally {
    for (const app of [proxyApp, containerApp]) await manager.removeComponentResources(app.id, true).catch(() => undefined);
    await manager.stop();
    await store.close();
    await removeProxyOf(dataDir);
    await run('docker', ['rm', '-f', cliName]).catch(() => undefined);
    await run('docker', ['rmi', cliRef]).catch(() => undefined);
    await registry.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  console.log(`deploy latency, ${ITERATIONS} iterations each, rotating order; image pushed to a loopback registry, then the deploy requested`);
  console.log(`  docker CLI      pull+stop+rm+run → first HTTP answer : ${fmt(cli.answer)}   failed requests (10 ms client): ${sum(cli.failed)}`);
  for (const [label, app] of [['app, proxy    ', proxyApp], ['app, container', containerApp]] as const) {
    console.log(`  ${label}  push → new version serving         : ${fmt(app.t.answer)}   failed requests (10 ms client): ${sum(app.t.failed)}`);
    console.log(`  ${label}  push → "succeeded" recorded         : ${fmt(app.t.done)}`);
  }
  console.log(`  ratio to CLI (new version serving): proxy ${(median(proxyApp.t.answer) / median(cli.answer)).toFixed(2)}×, container ${(median(containerApp.t.answer) / median(cli.answer)).toFixed(2)}×`);
  console.log(`  ratio to CLI (succeeded)          : proxy ${(median(proxyApp.t.done) / median(cli.answer)).toFixed(2)}×, container ${(median(containerApp.t.done) / median(cli.answer)).toFixed(2)}×`);
  const queue = [...proxyApp.t.queue, ...containerApp.t.queue];
  console.log(`  queue overhead request → "pulling": median ${median(queue).toFixed(1)} ms, max ${Math.max(...queue).toFixed(1)} ms   (target < 50 ms)`);
  console.log('  (app health check: stableSeconds 0 + HTTP probe on /version; proxy mode also waits for the port to accept, then drains the old container before "succeeded")');
}

await main();
