/**
 * Catch-up against a registry that misbehaves: a small loopback stand-in speaking the registry
 * v2 API (tags list, manifest HEAD) that can answer 401, 429 with Retry-After, or be down.
 * The checks run through the real CatchUp loop and the real ingest stage; the deploy engine is
 * a recording stand-in (the boundary). Also: a wall-clock jump (injectable clock) runs a check.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseImageRef } from '../../shared/image-ref';
import type { CatchUpCheck } from '../../shared/schemas/catch-up';
import { CatchUp } from '../../electron/core/catchup/catch-up';
import type { CatchUpOptions } from '../../electron/core/catchup/catch-up';
import { IngestStage } from '../../electron/core/ingest/ingest-stage';
import { pollUntil } from '../support/poll-until';
import { addComponent, startEnv } from '../webhooks/fixtures';
import type { TestEnv } from '../webhooks/fixtures';

const DIGEST = `sha256:${'b'.repeat(64)}`;
type Mode = 'ok' | '401' | '429';

/** The registry stand-in: `mode` decides every answer; `requests` counts what reached it. */
class StandIn {
  mode: Mode = 'ok';
  requests = 0;
  retryAfterSeconds = 3;
  private server?: Server;
  port = 0;

  private handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.requests++;
    if (this.mode === '401') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      return;
    }
    if (this.mode === '429') {
      res.writeHead(429, { 'retry-after': String(this.retryAfterSeconds) }).end();
      return;
    }
    if (req.url?.startsWith('/v2/team/app/tags/list')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'team/app', tags: ['1.0.0', '1.1.0', 'nightly'] }));
      return;
    }
    if (req.url === '/v2/team/app/manifests/1.1.0') {
      res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end();
      return;
    }
    res.writeHead(404).end();
  };

  async up(port = 0): Promise<void> {
    this.server = createServer(this.handle);
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async down(): Promise<void> {
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }
}

const until = <T>(what: string, fn: () => T | undefined): Promise<T> => pollUntil(what, fn, { timeoutMs: 30_000 });

let env: TestEnv;
let registry: StandIn;
let catchUp: CatchUp | undefined;

beforeEach(async () => {
  env = await startEnv();
  registry = new StandIn();
  await registry.up();
});
afterEach(async () => {
  await catchUp?.stop();
  catchUp = undefined;
  await registry.down();
  await env.close();
});

async function setUp(over: Partial<CatchUpOptions> = {}, intervalSeconds = 1): Promise<string> {
  const c = await addComponent(env, { image: `127.0.0.1:${registry.port}/team/app:1.0.0`, tagPattern: 'semver:^1', runningTag: '1.0.0' });
  await env.store.update((doc) => {
    doc.settings.catchUp.intervalSeconds = intervalSeconds;
  });
  catchUp = new CatchUp({
    store: env.store,
    events: env.events,
    ingest: new IngestStage({ store: env.store, events: env.events, scheduler: env.scheduler, writeDelayMs: 0 }),
    access: {
      registry: async (comp) => ({ ref: parseImageRef(comp.source.type === 'image' ? comp.source.image : ''), insecure: true }),
      git: () => {
        throw new Error('no git here');
      },
    },
    gitCacheRoot: env.dir,
    clock: Date.now,
    jitterMs: 0,
    backoffBaseMs: 1000,
    maxBackoffMs: 4000,
    ...over,
  });
  return c.component.id;
}

/** Every distinct check result, as they happen (stopped after each test). */
let recorder: NodeJS.Timeout | undefined;
afterEach(() => clearInterval(recorder));
function recordChecks(id: string): CatchUpCheck[] {
  const seen: CatchUpCheck[] = [];
  recorder = setInterval(() => {
    const last = catchUp?.lastCheck(id);
    if (last && seen.at(-1)?.at !== last.at) seen.push(last);
  }, 10);
  return seen;
}

describe('catch-up against a failing registry', () => {
  it('401: no deploy, the error on the component, automatic checks back off, recovery when it answers again', async () => {
    registry.mode = '401';
    const id = await setUp();
    const checks = recordChecks(id);
    catchUp!.start();
    await until('three failed checks', () => (checks.filter((c) => c.outcome === 'error').length >= 3 ? true : undefined));
    const errors = checks.filter((c) => c.outcome === 'error');
    expect(errors[0].message).toMatch(/^registry said 401: /);
    expect(errors.map((e) => e.failures)).toEqual([1, 2, 3]);
    // backoff observed: no automatic check came before the time the previous error named
    for (let i = 1; i < errors.length; i++) expect(Date.parse(errors[i].at)).toBeGreaterThanOrEqual(Date.parse(errors[i - 1].retryAfter!));
    expect(env.scheduler.requests).toHaveLength(0);
    expect(catchUp!.status().failing).toBe(1);

    registry.mode = 'ok';
    const queued = await until('recovery', () => (catchUp!.lastCheck(id)?.outcome === 'queued' ? catchUp!.lastCheck(id) : undefined));
    expect(queued).toMatchObject({ found: '1.1.0' });
    expect(env.scheduler.requests).toHaveLength(1);
    expect(env.scheduler.requests[0]).toMatchObject({ target: { tag: '1.1.0', digest: DIGEST }, trigger: { kind: 'catch-up', provider: 'catch-up' } });
    expect(catchUp!.status().failing).toBe(0);
    // the delivery log shows the catch-up as a delivery of its own kind
    await until('delivery row', () => env.store.data.deliveries.find((d) => d.provider === 'catch-up' && d.outcome === 'queued'));
  });

  it('429 with Retry-After: the next automatic check waits at least that long', async () => {
    registry.mode = '429';
    registry.retryAfterSeconds = 3;
    const id = await setUp({ backoffBaseMs: 200, maxBackoffMs: 400 });
    catchUp!.start();
    const first = await until('a rate-limited check', () => (catchUp!.lastCheck(id)?.outcome === 'error' ? catchUp!.lastCheck(id) : undefined));
    expect(first.message).toMatch(/^registry said 429: .*rate-limiting/);
    expect(Date.parse(first.retryAfter!) - Date.parse(first.at)).toBeGreaterThanOrEqual(3000);
    const before = registry.requests;
    // interval checks (every second) skip the component while it waits
    catchUp!.checkAll('interval');
    await new Promise((r) => setTimeout(r, 100));
    expect(registry.requests).toBe(before);
    expect(env.scheduler.requests).toHaveLength(0);
  });

  it('registry down: an error naming it, no deploy; back up at the same address: the deploy is queued', async () => {
    const port = registry.port;
    await registry.down();
    const id = await setUp({ backoffBaseMs: 300, maxBackoffMs: 600 });
    catchUp!.start();
    const down = await until('a failed check', () => (catchUp!.lastCheck(id)?.outcome === 'error' ? catchUp!.lastCheck(id) : undefined));
    expect(down.message).toMatch(/cannot reach the registry 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(env.scheduler.requests).toHaveLength(0);
    await registry.up(port);
    await until('recovery', () => (catchUp!.lastCheck(id)?.outcome === 'queued' ? true : undefined));
    expect(env.scheduler.requests).toHaveLength(1);
  });
});

describe('catch-up timing', () => {
  it('a wall-clock jump (the machine slept) runs a check', async () => {
    let offset = 0;
    const id = await setUp({ clock: () => Date.now() + offset, wakeTickMs: 50, wakeJumpMs: 1000 }, 0);
    catchUp!.start();
    const first = await until('the start check', () => catchUp!.lastCheck(id));
    expect(first.reason).toBe('start');
    // interval 0: nothing else runs by itself...
    await new Promise((r) => setTimeout(r, 300));
    expect(catchUp!.lastCheck(id)?.at).toBe(first.at);
    // ...until the wall clock leaps an hour ahead of the timers
    offset += 3_600_000;
    const woke = await until('a wake check', () => (catchUp!.lastCheck(id)?.reason === 'wake' ? catchUp!.lastCheck(id) : undefined));
    expect(Date.parse(woke.at)).toBeGreaterThan(Date.parse(first.at) + 3_000_000);
  });

  it('switching auto-deploy back on runs a check; while paused none runs', async () => {
    const id = await setUp({}, 0);
    await env.store.update((doc) => {
      doc.settings.autoDeploy = false;
    });
    catchUp!.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(catchUp!.lastCheck(id)).toBeUndefined();
    expect(registry.requests).toBe(0);
    await env.store.update((doc) => {
      doc.settings.autoDeploy = true;
    });
    env.events.emit({ type: 'settings-changed', settings: env.store.data.settings });
    const check = await until('a check', () => catchUp!.lastCheck(id));
    expect(check).toMatchObject({ reason: 'auto-deploy', outcome: 'queued' });
  });

  it("switching a component's auto-build back on checks it; a component with it off is never checked", async () => {
    const id = await setUp({}, 0);
    await env.store.update((doc) => {
      doc.components[0].autoBuild = false;
    });
    catchUp!.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(catchUp!.lastCheck(id)).toBeUndefined();
    await env.store.update((doc) => {
      doc.components[0].autoBuild = true;
    });
    env.events.emit({ type: 'components-changed', componentId: id });
    const check = await until('a check', () => catchUp!.lastCheck(id));
    expect(check).toMatchObject({ reason: 'auto-build', outcome: 'queued', found: '1.1.0' });
  });

  it('auto-build switches are followed across events: an unchanged list checks nothing, each off → on checks again', async () => {
    const id = await setUp({}, 0);
    await env.store.update((doc) => {
      doc.components[0].autoBuild = false;
    });
    catchUp!.start();
    const toggle = async (on: boolean) => {
      await env.store.update((doc) => {
        doc.components[0].autoBuild = on;
      });
      env.events.emit({ type: 'components-changed', componentId: id });
    };
    await toggle(true);
    const first = await until('a check', () => catchUp!.lastCheck(id));
    expect(first.reason).toBe('auto-build');
    // the event again with nothing switched (as after every catch-up result): no check
    env.events.emit({ type: 'components-changed', componentId: id });
    await new Promise((r) => setTimeout(r, 200));
    expect(catchUp!.lastCheck(id)).toBe(first);
    await toggle(false);
    await toggle(true);
    const second = await until('a second check', () => (catchUp!.lastCheck(id) !== first ? catchUp!.lastCheck(id) : undefined));
    expect(second.reason).toBe('auto-build');
  });

  it('the tunnel coming back online, or with a new URL, runs a check', async () => {
    const id = await setUp({}, 0);
    catchUp!.start();
    const first = await until('the start check', () => catchUp!.lastCheck(id));
    env.events.emit({ type: 'tunnel', tunnel: { state: 'online', url: 'https://a.loca.lt', host: 'https://loca.lt' } });
    const online = await until('a tunnel check', () => (catchUp!.lastCheck(id)?.at !== first.at ? catchUp!.lastCheck(id) : undefined));
    expect(online.reason).toBe('tunnel');
    env.events.emit({ type: 'tunnel-url-changed', url: 'https://b.loca.lt', previousUrl: 'https://a.loca.lt' });
    const moved = await until('a second tunnel check', () => (catchUp!.lastCheck(id)?.at !== online.at ? catchUp!.lastCheck(id) : undefined));
    expect(moved.reason).toBe('tunnel');
  });
});
