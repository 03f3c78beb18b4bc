/**
 * Cost of a component update as data grows: 1,000 components and a full deploy history and
 * delivery log (at their limits), updates through the real service and store (atomic write of
 * db.json each time). Baseline in the same run: the same updates on an empty-history store
 * with 10 components. Run: npx tsx bench/store-update.ts
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventBus } from '../electron/core/events';
import { ComponentService } from '../electron/core/service/component-service';
import { FileKeySealer } from '../electron/core/store/sealer';
import { Store } from '../electron/core/store/store';
import { fillHistory } from './full-history';
import { ms, summarize } from './stats';

const UPDATES = Number(process.env.UPDATES ?? 300);

async function setup(components: number, fullHistory: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'ad-bench-store-'));
  const store = await Store.open(dir);
  const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
  const noScheduler = { removeComponentResources: async () => false };
  const service = new ComponentService(store, sealer, new EventBus(), noScheduler);
  const ids: string[] = [];
  for (let i = 0; i < components; i++) {
    const c = await service.create({
      name: `app-${i}`,
      source: { type: 'image', image: `registry.example.com/team/app-${i}:v1.0.${i}` },
      deploy: { ports: [`${10000 + i}:8080`], env: { MODE: 'prod', INDEX: String(i) } },
    });
    ids.push(c.id);
  }
  if (fullHistory) await fillHistory(store, ids);
  return { dir, store, service, ids };
}

async function measure(label: string, components: number, fullHistory: boolean) {
  const { dir, store, service, ids } = await setup(components, fullHistory);
  const samples: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    const id = ids[(i * 7919) % ids.length];
    const t0 = performance.now();
    await service.update(id, { deploy: { env: { MODE: 'prod', N: String(i) } }, autoBuild: i % 2 === 0 });
    samples.push(performance.now() - t0);
  }
  const size = (await stat(join(dir, 'db.json'))).size;
  await store.close();
  await rm(dir, { recursive: true, force: true });
  const s = summarize(samples);
  console.log(`${label.padEnd(44)} p50 ${ms(s.p50).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  db.json ${(size / 1024).toFixed(0)} KiB`);
  return s;
}

console.log(`component update latency (${UPDATES} sequential updates, each fsynced + renamed)`);
const base = await measure('baseline: 10 components, empty history', 10, false);
const big = await measure('1,000 components + full history + deliveries', 1000, true);
console.log(`ratio (1,000 / baseline): p50 ${(big.p50 / base.p50).toFixed(2)}x, p99 ${(big.p99 / base.p99).toFixed(2)}x`);
