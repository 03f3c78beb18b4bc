/**
 * Deploy latency: from "a new image is in the registry" to "the new container answers HTTP",
 * through the app's DeployManager versus the same steps by hand with the docker CLI
 * (pull, stop, rm, run, poll until the first HTTP answer), in the same run, same engine, same
 * loopback registry, same ~2 MB image shape, alternating order. Also the queue overhead:
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
import { BASE_IMAGE, ensureBaseImage } from '../test/support/docker';
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
const SERVE = `CMD ["/bin/sh","-c","trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"]`;

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
    await writeFile(join(dir, 'Dockerfile'), `FROM ${BASE_IMAGE}\nCOPY version /www/version\n${SERVE}\n`);
    await writeFile(join(dir, 'version'), `${version}\n`);
    await run('docker', ['build', '-q', '-t', ref, dir]);
    await run('docker', ['push', ref]);
    await run('docker', ['rmi', ref]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await ensureBaseImage();
  const registry = await startRegistry();
  const dataDir = await mkdtemp(join(tmpdir(), 'ad-bench-deploy-'));
  const store = await Store.open(dataDir);
  const sealer = await FileKeySealer.open(join(dataDir, 'secret.key'));
  const events = new EventBus();
  const manager = new DeployManager({ store, sealer, events, dataDir, dockerConfigDir: join(dataDir, 'none') });
  await manager.start();
  const appPort = await freePort();
  const cliPort = await freePort();
  const appRef = `${registry.host}/bench/app:latest`;
  const cliRef = `${registry.host}/bench/cli:latest`;
  const cliName = `autodeploy-bench-cli-${process.pid}`;
  const component = await new ComponentService(store, sealer, events, manager).create({
    name: `bench-${process.pid}`,
    source: { type: 'image', image: appRef },
    deploy: {
      ports: [`127.0.0.1:${appPort}:8080`],
      healthcheck: { timeoutSeconds: 30, stableSeconds: 0, http: { url: '/version', expectStatus: 200, timeoutSeconds: 30 } },
    },
  });

  const app = { answer: [] as number[], done: [] as number[], queue: [] as number[] };
  const cli: number[] = [];

  async function appDeploy(version: string, record: boolean): Promise<void> {
    await pushVersion(appRef, version);
    let pullingAt = 0;
    let finished: (() => void) | undefined;
    const done = new Promise<void>((r) => (finished = r));
    let doneAt = 0;
    let state = '';
    const off = events.subscribe((e) => {
      if (e.type !== 'deploy' || e.deploy.componentId !== component.id) return;
      if (e.deploy.state === 'pulling' && !pullingAt) pullingAt = performance.now();
      if (isFinal(e.deploy.state) && e.deploy.state !== 'superseded') {
        doneAt = performance.now();
        state = e.deploy.state;
        finished?.();
      }
    });
    const t0 = performance.now();
    const answered = firstAnswer(appPort, version);
    await manager.request({ componentId: component.id, trigger: { kind: 'api' }, target: {} });
    const answerAt = await answered;
    await done;
    off();
    if (state !== 'succeeded') throw new Error(`app deploy ended ${state}`);
    if (record) {
      app.answer.push(answerAt - t0);
      app.done.push(doneAt - t0);
      app.queue.push(pullingAt - t0);
    }
  }

  async function cliDeploy(version: string, record: boolean): Promise<void> {
    await pushVersion(cliRef, version);
    const t0 = performance.now();
    await run('docker', ['pull', '-q', cliRef]);
    const existing = (await run('docker', ['ps', '-aq', '--filter', `name=^${cliName}$`])).stdout.trim();
    if (existing) {
      await run('docker', ['stop', cliName]);
      await run('docker', ['rm', cliName]);
    }
    await run('docker', ['run', '-d', '--name', cliName, '-p', `127.0.0.1:${cliPort}:8080`, '--restart', 'unless-stopped', cliRef]);
    const answerAt = await firstAnswer(cliPort, version);
    if (record) cli.push(answerAt - t0);
  }

  try {
    // warm-up: first container, caches, connection setup
    await appDeploy('warm-app', false);
    await cliDeploy('warm-cli', false);
    for (let i = 0; i < ITERATIONS; i++) {
      if (i % 2 === 0) {
        await appDeploy(`app-${i}`, true);
        await cliDeploy(`cli-${i}`, true);
      } else {
        await cliDeploy(`cli-${i}`, true);
        await appDeploy(`app-${i}`, true);
      }
    }
  } finally {
    await manager.removeComponentResources(component.id, true).catch(() => undefined);
    await manager.stop();
    await store.close();
    await run('docker', ['rm', '-f', cliName]).catch(() => undefined);
    await run('docker', ['rmi', cliRef]).catch(() => undefined);
    await registry.stop();
    await rm(dataDir, { recursive: true, force: true });
  }

  const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`deploy latency, ${ITERATIONS} iterations each, alternating order; image ≈2 MB from a loopback registry`);
  console.log(`  docker CLI  pull+stop+rm+run → first HTTP answer : ${fmt(cli)}`);
  console.log(`  app         request → first HTTP answer           : ${fmt(app.answer)}`);
  console.log(`  app         request → "succeeded" recorded         : ${fmt(app.done)}`);
  console.log(`  ratio app/CLI (first answer)   : ${(median(app.answer) / median(cli)).toFixed(2)}×   (target ≤ 1.2×)`);
  console.log(`  ratio app/CLI (succeeded)      : ${(median(app.done) / median(cli)).toFixed(2)}×`);
  console.log(`  queue overhead request → "pulling": median ${median(app.queue).toFixed(1)} ms, max ${Math.max(...app.queue).toFixed(1)} ms   (target < 50 ms)`);
  console.log('  (app health check: stableSeconds 0 + HTTP probe on /version; the app also asks the registry for the digest first)');
}

await main();
