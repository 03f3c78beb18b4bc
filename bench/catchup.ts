/**
 * Cost of catch-up when nothing changed: one check round over 100 image components against a
 * real local registry (Debian's docker-registry) — requests made and time — for version rules
 * (the tag list only) and exact tags (tag list + manifest HEAD); then the engine's idle CPU
 * with checks every 300 s (should be ~0: one wall-clock tick every 30 s, nothing else).
 * A counting proxy in front of the registry counts the requests. Run: npx tsx bench/catchup.ts
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseImageRef } from '../shared/image-ref';
import { CatchUp } from '../electron/core/catchup/catch-up';
import { EventBus } from '../electron/core/events';
import { IngestStage } from '../electron/core/ingest/ingest-stage';
import { newHookId, newId } from '../electron/core/store/secrets';
import { Store } from '../electron/core/store/store';
import { storedComponent } from '../electron/core/store/document';
import { startRegistry } from '../test/support/registry';
import { ms } from './stats';

const COMPONENTS = Number(process.env.COMPONENTS ?? 100);
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 20);
const TAGS = Array.from({ length: 10 }, (_, i) => `1.0.${i}`);

/** Put a tiny image (config blob, no layers) under every tag, straight through the v2 API. */
async function seed(base: string, repo: string): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', configDigest);
  const put = await fetch(location, { method: 'PUT', body: config, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`blob upload answered ${put.status}`);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest },
    layers: [],
  });
  for (const tag of [...TAGS, 'latest']) {
    const r = await fetch(`${base}/v2/${repo}/manifests/${tag}`, { method: 'PUT', body: manifest, headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' } });
    if (r.status !== 201) throw new Error(`manifest upload answered ${r.status}: ${await r.text()}`);
  }
  return `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
}

/** A loopback proxy that counts requests on their way to the registry. */
async function countingProxy(target: string): Promise<{ host: string; count: () => number; reset: () => void; close: () => void }> {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers[k] = v;
    fetch(`${target}${req.url}`, { method: req.method, headers })
      .then(async (r) => {
        const body = Buffer.from(await r.arrayBuffer());
        const out: Record<string, string> = {};
        r.headers.forEach((v, k) => {
          if (k !== 'content-encoding' && k !== 'transfer-encoding') out[k] = v;
        });
        res.writeHead(r.status, out).end(req.method === 'HEAD' ? undefined : body);
      })
      .catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => n,
    reset: () => (n = 0),
    close: () => server.close(),
  };
}

async function main(): Promise<void> {
  const registry = await startRegistry();
  const dir = await mkdtemp(join(tmpdir(), 'ad-bench-catchup-'));
  const proxy = await countingProxy(`http://${registry.host}`);
  try {
    const digest = await seed(`http://${registry.host}`, 'bench/app');
    const store = await Store.open(dir);
    const events = new EventBus();
    const now = new Date().toISOString();
    const make = (i: number, exact: boolean) =>
      storedComponent.parse({
        id: newId('c'),
        name: `app-${exact ? 'x' : 'v'}${i}`,
        autoBuild: true,
        source: { type: 'image', image: `${proxy.host}/bench/app:${exact ? 'latest' : '1.0.9'}` },
        triggers: { image: { enabled: true, tagPattern: exact ? '' : 'semver:^1', noDowngrade: false } },
        deploy: {},
        hookId: newHookId(),
        secrets: {},
        running: { deployId: 'd_0', image: `${proxy.host}/bench/app`, tag: exact ? 'latest' : '1.0.9', digest, since: now },
        createdAt: now,
        updatedAt: now,
      });
    const requests: unknown[] = [];
    const catchUp = new CatchUp({
      store,
      events,
      ingest: new IngestStage({ store, events, scheduler: { request: async (r) => (requests.push(r), Promise.reject(new Error('no deploys in a bench'))) } }),
      access: { registry: async (c) => ({ ref: parseImageRef(c.source.type === 'image' ? c.source.image : ''), insecure: true }), git: () => ({ repo: '', branch: '' }) },
      gitCacheRoot: join(dir, 'git'),
      clock: Date.now,
      jitterMs: 0,
    });

    console.log(`one idle check round over ${COMPONENTS} components (real docker-registry on loopback, checks 4 at a time)`);
    for (const exact of [false, true]) {
      await store.update((doc) => {
        doc.components = Array.from({ length: COMPONENTS }, (_, i) => make(i, exact));
      });
      proxy.reset();
      const t0 = performance.now();
      const results = await Promise.all(store.data.components.map((c) => catchUp.check(c.id, 'interval')));
      const elapsed = performance.now() - t0;
      const upToDate = results.filter((r) => r.outcome === 'up-to-date').length;
      const label = exact ? 'exact tag "latest" (tags list + manifest HEAD)' : 'version rule semver:^1 (tags list only)';
      console.log(`  ${label.padEnd(48)} ${String(proxy.count()).padStart(4)} requests  ${ms(elapsed).padStart(11)}  (${ms(elapsed / COMPONENTS)} per component; ${upToDate}/${COMPONENTS} up to date)`);
    }
    if (requests.length > 0) throw new Error('an idle round asked for a deploy');

    const idleCpu = async (): Promise<{ cpuMs: number; share: number; requests: number }> => {
      proxy.reset();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      return { cpuMs, share: cpuMs / (performance.now() - t0), requests: proxy.count() };
    };
    const line = (label: string, r: { cpuMs: number; share: number; requests: number }) =>
      console.log(`  ${label.padEnd(48)} ${ms(r.cpuMs).padStart(11)} CPU in ${IDLE_SECONDS} s (${(r.share * 100).toFixed(3)} % of one core), ${r.requests} registry requests`);
    console.log(`idle CPU of this process (engine parts in-process), ${IDLE_SECONDS} s each:`);
    line('baseline: catch-up not started', await idleCpu());
    await store.update((doc) => {
      doc.settings.catchUp.intervalSeconds = 300;
    });
    catchUp.start();
    // let the start round finish before measuring
    while (!store.data.components.every((c) => catchUp.lastCheck(c.id)?.reason === 'start')) await new Promise((r) => setTimeout(r, 100));
    line('catch-up running, checks every 300 s', await idleCpu());
    await catchUp.stop();
    await store.close();
  } finally {
    proxy.close();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
