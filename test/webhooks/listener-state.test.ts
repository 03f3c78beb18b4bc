/**
 * The listener's state over time: duplicates across a restart, refused requests that never
 * block a valid one (and their log budget), forwarded addresses as information, hook ids
 * changed in place, and the bounded delivery log.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SEEN_FILE } from '../../electron/core/ingest/seen-journal';
import { listDeliveries } from '../../electron/core/ingest/delivery-log';
import { newHookId } from '../../electron/core/store/secrets';
import { DEFAULT_SECRET, addComponent, githubHeaders, githubPush, send, startEnv } from './fixtures';
import type { TestEnv } from './fixtures';

const envs: TestEnv[] = [];
afterEach(async () => {
  while (envs.length) await envs.pop()!.close();
});
async function start(...args: Parameters<typeof startEnv>): Promise<TestEnv> {
  const env = await startEnv(...args);
  envs.push(env);
  return env;
}

describe('duplicate deliveries', () => {
  it('are recognized after a restart (the seen-deliveries journal persists), until the retention passes', async () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    const first = await startEnv({ clock: () => now });
    const c = await addComponent(first, {});
    const body = JSON.stringify(githubPush());
    const headers = githubHeaders('push', body, DEFAULT_SECRET, '72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect((await send(first.url, { path: c.path('git'), headers, body })).status).toBe(202);
    await first.listener.close();
    await first.store.close();

    const second = await start({ clock: () => now }, first.dir);
    expect((await send(second.url, { path: c.path('git'), headers, body })).json).toEqual({ status: 'duplicate' });
    now += 25 * 60 * 60 * 1000;
    expect((await send(second.url, { path: c.path('git'), headers, body })).json).toEqual({ status: 'duplicate' });
    expect(second.scheduler.requests).toHaveLength(0);
    now += 24 * 60 * 60 * 1000;
    expect((await send(second.url, { path: c.path('git'), headers, body })).status).toBe(202);
  });

  it('a failed deploy request is not remembered, so the provider retry goes through', async () => {
    const env = await start();
    const c = await addComponent(env, {});
    const body = JSON.stringify(githubPush());
    const headers = githubHeaders('push', body, DEFAULT_SECRET, 'retry-me');
    env.scheduler.failNext = true;
    const failed = await send(env.url, { path: c.path('git'), headers, body });
    expect(failed.status).toBe(503);
    expect(failed.json).toEqual({ error: { code: 'unavailable', message: 'the deploy could not be queued; retry later' } });
    expect((await send(env.url, { path: c.path('git'), headers, body })).status).toBe(202);
    expect(env.errors).toHaveLength(1);
  });

  it('an ignored delivery is processed again when redelivered (the user may have fixed the setup)', async () => {
    const env = await start();
    const c = await addComponent(env, { autoBuild: false });
    const body = JSON.stringify(githubPush());
    const headers = githubHeaders('push', body, DEFAULT_SECRET, 'fix-then-redeliver');
    expect((await send(env.url, { path: c.path('git'), headers, body })).json?.status).toBe('ignored');
    await env.store.update((d) => {
      d.components[0].autoBuild = true;
    });
    env.events.emit({ type: 'components-changed', componentId: c.component.id });
    expect((await send(env.url, { path: c.path('git'), headers, body })).status).toBe(202);
  });
});

describe('refused requests never block a valid one', () => {
  it('a valid push is 202 after any number of bad signatures and guessed URLs, forged X-Forwarded-For or not', async () => {
    const env = await start();
    const c = await addComponent(env, {});
    const body = JSON.stringify(githubPush());
    const bad = { ...githubHeaders('push', body), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
    for (let i = 0; i < 30; i++) {
      expect((await send(env.url, { path: c.path('git'), headers: bad, body })).status).toBe(401);
      const guess = await send(env.url, { path: `/hooks/${newHookId()}/git`, headers: { 'x-forwarded-for': '198.51.100.9', 'content-type': 'application/json' }, body: '{}' });
      expect(guess.status).toBe(404);
    }
    expect((await send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(202);
    // the same with forged forwarding headers: they change nothing either way
    for (let i = 0; i < 15; i++) {
      expect((await send(env.url, { path: c.path('git'), headers: { ...bad, 'x-forwarded-for': `10.0.0.${i}, 203.0.113.5` }, body })).status).toBe(401);
    }
    const good = await send(env.url, { path: c.path('git'), headers: { ...githubHeaders('push', body, DEFAULT_SECRET), 'x-forwarded-for': '10.0.0.1, 203.0.113.5' }, body });
    expect(good.status).toBe(202);
  });

  it('records X-Forwarded-For only as sent information; the address is the socket peer', async () => {
    const env = await start({ writeDelayMs: 0 });
    const c = await addComponent(env, {});
    const body = JSON.stringify(githubPush());
    await send(env.url, { path: c.path('git'), headers: { ...githubHeaders('push', body, DEFAULT_SECRET), 'x-forwarded-for': '10.9.9.9, 198.51.100.9' }, body });
    expect(env.store.data.deliveries[0]).toMatchObject({ status: 202, remoteAddress: '127.0.0.1', forwardedFor: '10.9.9.9, 198.51.100.9' });
  });

  it('refused requests beyond the per-hook log budget are folded into one row, never refused differently', async () => {
    let now = 1_000_000;
    const env = await start({ clock: () => now, writeDelayMs: 0, rejectionLog: { rowsPerWindow: 3, windowMs: 60_000 } });
    const c = await addComponent(env, {});
    const other = await addComponent(env, {});
    const body = JSON.stringify(githubPush());
    const bad = { ...githubHeaders('push', body), 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
    for (let i = 0; i < 10; i++) expect((await send(env.url, { path: c.path('git'), headers: bad, body })).status).toBe(401);
    // another hook has its own budget
    expect((await send(env.url, { path: other.path('git'), headers: bad, body })).status).toBe(401);
    const rows = () => env.store.data.deliveries.filter((d) => d.componentId === c.component.id);
    expect(rows()).toHaveLength(3);
    expect(env.store.data.deliveries.filter((d) => d.componentId === other.component.id)).toHaveLength(1);
    // the next window: the 7 folded ones become one row, then logging resumes
    now += 60_001;
    expect((await send(env.url, { path: c.path('git'), headers: bad, body })).status).toBe(401);
    const folded = rows().find((d) => d.count !== undefined);
    expect(folded).toMatchObject({ count: 7, status: 401, outcome: 'rejected' });
    expect(folded?.reason).toMatch(/^7 refused requests like this one within a minute/);
    expect(rows()).toHaveLength(5);
    // accepted deliveries are never budgeted
    for (let i = 0; i < 5; i++) expect((await send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(202);
    expect(rows().filter((d) => d.status === 202)).toHaveLength(5);
  });
});

describe('hook ids', () => {
  it('a regenerated hook id (changed in place) invalidates the old URL at once', async () => {
    let now = 5_000_000;
    const env = await start({ clock: () => now });
    const c = await addComponent(env, {});
    const body = JSON.stringify(githubPush());
    expect((await send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(202);
    const oldPath = c.path('git');
    const fresh = newHookId();
    await env.store.update((d) => {
      d.components[0].hookId = fresh;
    });
    // Without any event, an unknown id is looked up afresh at most once a second.
    expect((await send(env.url, { path: `/hooks/${fresh}/git`, headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(404);
    now += 1000;
    expect((await send(env.url, { path: `/hooks/${fresh}/git`, headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(202);
    expect((await send(env.url, { path: oldPath, headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(404);
    // With the service's `components-changed` event, and for the old id, there is no delay.
    const third = newHookId();
    await env.store.update((d) => {
      d.components[0].hookId = third;
    });
    expect((await send(env.url, { path: `/hooks/${fresh}/git`, headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(404);
    const fourth = newHookId();
    await env.store.update((d) => {
      d.components[0].hookId = fourth;
    });
    env.events.emit({ type: 'components-changed', componentId: c.component.id });
    expect((await send(env.url, { path: `/hooks/${fourth}/git`, headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(202);
  });

  it('a component created after start is found', async () => {
    const env = await start();
    await addComponent(env, {});
    const later = await addComponent(env, { repo: 'https://github.com/acme/later' });
    const body = JSON.stringify(githubPush({ repo: 'acme/later' }));
    expect((await send(env.url, { path: later.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body })).status).toBe(202);
  });
});

describe('delivery log', () => {
  it('records every hook request newest first, bounded, filterable, and announces each', async () => {
    const env = await start();
    await env.store.update((d) => {
      d.settings.deliveryLogLimit = 10;
    });
    const a = await addComponent(env, {});
    const b = await addComponent(env, { repo: 'https://github.com/acme/b' });
    const body = JSON.stringify(githubPush());
    for (let i = 0; i < 8; i++) await send(env.url, { path: a.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET), body });
    const other = JSON.stringify(githubPush({ repo: 'acme/b' }));
    for (let i = 0; i < 4; i++) await send(env.url, { path: b.path('git'), headers: githubHeaders('push', other, DEFAULT_SECRET), body: other });
    await send(env.url, { path: '/healthz', method: 'GET' });
    await send(env.url, { path: '/elsewhere', method: 'GET' });
    expect(env.store.data.deliveries).toHaveLength(10);
    expect(listDeliveries(env.store, { componentId: b.component.id })).toHaveLength(4);
    expect(listDeliveries(env.store, { componentId: a.component.id })).toHaveLength(6);
    expect(listDeliveries(env.store, { limit: 3 }).map((d) => d.componentId)).toEqual([b.component.id, b.component.id, b.component.id]);
    const newest = listDeliveries(env.store)[0];
    expect(newest).toMatchObject({
      provider: 'github',
      trigger: 'git',
      event: 'push',
      verified: true,
      componentName: b.component.name,
      outcome: 'queued',
      status: 202,
      remoteAddress: '127.0.0.1',
      summary: 'acme/b main@4d2a8b9',
    });
    expect(newest.deployId).toMatch(/^d_/);
    expect(Date.parse(newest.receivedAt)).not.toBeNaN();
    expect(env.seen.filter((e) => e.type === 'delivery')).toHaveLength(12);
  });
});

describe('batched writes (the production setting)', () => {
  it('remembers ids at once, writes log entries in one batch, and announces them when they are in', async () => {
    const env = await start({ writeDelayMs: 100 });
    const c = await addComponent(env, {});
    const body = JSON.stringify(githubPush());
    const announced = new Promise<void>((resolve) => {
      let n = 0;
      env.events.subscribe((e) => {
        if (e.type !== 'delivery') return;
        // Whoever re-reads the log on the event finds the entry.
        expect(listDeliveries(env.store).some((d) => d.id === e.delivery.id)).toBe(true);
        if (++n === 6) resolve();
      });
    });
    const answers = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET, `batch-${i}`), body })),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    // A replay right away is a duplicate, though the id may not be written yet.
    const replay = await send(env.url, { path: c.path('git'), headers: githubHeaders('push', body, DEFAULT_SECRET, 'batch-0'), body });
    expect(replay.json).toEqual({ status: 'duplicate' });
    await announced;
    expect(env.store.data.deliveries.map((d) => d.outcome)).toEqual(['duplicate', 'queued', 'queued', 'queued', 'queued', 'queued']);
    await env.listener.close();
    const journal = await readFile(join(env.dir, SEEN_FILE), 'utf8');
    expect(journal.trim().split('\n')).toHaveLength(5);
    expect(env.scheduler.requests).toHaveLength(5);
  });
});
