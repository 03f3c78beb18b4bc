/**
 * A second `serve` starting (and stopping) while the first serves its dashboard never makes the
 * first answer 404: nothing is built at start, so nothing under a running instance is replaced.
 * Separate data directories and ports, so the second one runs rather than meeting the first's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/serve';

describe('two starts in a row', () => {
  let dir: string;
  let first: ServeProcess;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-twostarts-'));
    first = await startServe({ dataDir: join(dir, 'a') });
  });
  afterAll(async () => {
    await first?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the first instance answers every dashboard request while a second one starts and stops', async () => {
    const index = await (await fetch(`${first.controlUrl}/`)).text();
    const assets = [...index.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    const paths = ['/', ...assets.map((a) => `/${a}`)];

    let running = true;
    const statuses = new Map<number, number>();
    const hammer = (async () => {
      while (running) {
        for (const path of paths) {
          const res = await fetch(`${first.controlUrl}${path}`);
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        }
      }
    })();
    for (let i = 0; i < 2; i++) {
      const second = await startServe({ dataDir: join(dir, `b${i}`) });
      expect((await fetch(`${second.controlUrl}/`)).status).toBe(200);
      await second.stop();
    }
    running = false;
    await hammer;
    expect([...statuses.keys()]).toEqual([200]);
    expect(statuses.get(200)).toBeGreaterThan(paths.length);
  });
});
