/** The control REST API over real HTTP against the real `serve` process. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUpCheck, catchUpEvent, catchUpStatus } from '../../shared/schemas/catch-up';
import type { CatchUpEvent } from '../../shared/schemas/catch-up';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';

let dir: string;
let serve: ServeProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-control-'));
  serve = await startServe({ dataDir: dir });
});
afterAll(async () => {
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

const imageComponent = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  source: { type: 'image', image: '127.0.0.1:5000/team/web:v1' },
  deploy: { ports: ['18080:8080'] },
  ...extra,
});

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe('control API', () => {
  it('answers 401 without a token and with a wrong one', async () => {
    const none = await fetch(`${serve.controlUrl}/api/status`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as ErrorBody).error.code).toBe('unauthorized');
    const wrong = await serve.api('/status', { headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    const ok = await serve.api('/status');
    expect(ok.status).toBe(200);
    const status = (await ok.json()) as { version: string; listenerUrl: string; secretsBackend: string };
    expect(status.listenerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status.secretsBackend).toBe('file');
  });

  it('answers 403 to a foreign Origin or Host, even with the token', async () => {
    const foreign = await serve.api('/status', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as ErrorBody).error.code).toBe('forbidden');
    const own = await serve.api('/status', { headers: { origin: serve.controlUrl } });
    expect(own.status).toBe(200);
  });

  it('creates a component and shows secrets only as "set"', async () => {
    const res = await serve.api('/components', { method: 'POST', json: imageComponent('web') });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, any>;
    expect(body.id).toMatch(/^c_/);
    expect(body.triggers.api).toEqual({ enabled: true, secretKeySet: true });
    // never-lower-version is the default for new components; no image webhook secret unless given
    expect(body.triggers.image).toEqual({ enabled: true, tagPattern: '', noDowngrade: true, secretSet: false });
    expect(JSON.stringify(body)).not.toMatch(/hookId|secrets/);
  });

  const invalid: [string, unknown, string][] = [
    ['a bad name', imageComponent('Bad Name!'), 'name'],
    ['an unknown source type', { name: 'x1', source: { type: 'svn', url: 'x' } }, 'source.type'],
    ['a bad port mapping', imageComponent('x2', { deploy: { ports: ['80:99999'] } }), 'deploy.ports.0'],
    ['a port mapping that is not one', imageComponent('x3', { deploy: { ports: ['eighty'] } }), 'deploy.ports.0'],
    ['a bad image reference', { name: 'x4', source: { type: 'image', image: 'UPPER/Case:tag' } }, 'source.image'],
    ['a bad tag in the image', { name: 'x5', source: { type: 'image', image: 'team/web:../x' } }, 'source.image'],
    ['a duplicate name', imageComponent('web'), 'name'],
    ['a git trigger on an image source', imageComponent('x6', { triggers: { git: { keyword: 'deploy' } } }), 'triggers.git'],
    ['an unknown field', imageComponent('x7', { colour: 'blue' }), ''],
  ];
  for (const [what, body, path] of invalid) {
    it(`answers 400 naming the field for ${what}`, async () => {
      const res = await serve.api('/components', { method: 'POST', json: body });
      expect(res.status).toBe(400);
      const err = (await res.json()) as ErrorBody;
      expect(err.error.code).toBe('validation');
      expect(err.error.details?.map((d) => d.path)).toContain(path);
      expect(err.error.message).toMatch(/^Invalid component/);
    });
  }

  it("answers 400 naming the field for a host port that is the app's own (control API, webhook listener)", async () => {
    const status = (await (await serve.api('/status')).json()) as { listenerUrl: string };
    const own = [Number(new URL(serve.controlUrl).port), Number(new URL(status.listenerUrl).port)];
    for (const port of own) {
      const res = await serve.api('/components', { method: 'POST', json: imageComponent('own-port', { deploy: { ports: ['8080', `127.0.0.1:${port}:80`] } }) });
      expect(res.status).toBe(400);
      const err = (await res.json()) as ErrorBody;
      expect(err.error.details).toContainEqual({ path: 'deploy.ports.1', message: expect.stringContaining(`host port ${port} is Auto Deploy's own`) });
    }
    const web = ((await (await serve.api('/components')).json()) as { id: string; name: string }[]).find((c) => c.name === 'web')!;
    const patch = await serve.api(`/components/${web.id}`, { method: 'PATCH', json: { deploy: { ports: [`${own[0]}:80`] } } });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as ErrorBody).error.details?.map((d) => d.path)).toContain('deploy.ports.0');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await serve.api('/components', { method: 'POST', body: '{nope', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/not valid JSON/);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await serve.api('/components', { method: 'POST', json: { name: 'x'.repeat(2 * 1024 * 1024) } });
    expect(res.status).toBe(413);
  });

  it('answers 404 for unknown ids and routes', async () => {
    for (const path of ['/components/c_missing', '/components/c_missing/webhooks', '/deploys/d_missing', '/deploys/d_missing/log', '/nothing-here']) {
      const res = await serve.api(path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
    }
    const patch = await serve.api('/components/c_missing', { method: 'PATCH', json: { autoBuild: false } });
    expect(patch.status).toBe(404);
    const del = await serve.api('/components/c_missing', { method: 'DELETE' });
    expect(del.status).toBe(404);
  });

  it('updates only what a PATCH names and validates the result', async () => {
    const created = (await (await serve.api('/components', { method: 'POST', json: imageComponent('patchme', { deploy: { ports: ['18081:8080'], restart: 'always' } }) })).json()) as Record<string, any>;
    const res = await serve.api(`/components/${created.id}`, { method: 'PATCH', json: { deploy: { env: { A: '1' } }, triggers: { image: { tagPattern: 'v5.*' } } } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.deploy.restart).toBe('always');
    expect(body.deploy.ports).toEqual(['18081:8080']);
    expect(body.deploy.env).toEqual({ A: '1' });
    expect(body.triggers.image.tagPattern).toBe('v5.*');
    const bad = await serve.api(`/components/${created.id}`, { method: 'PATCH', json: { deploy: { restart: 'sometimes' } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.details?.[0]?.path).toBe('deploy.restart');
  });

  it('POST /components/:id/check answers what the catch-up check found, and the component shows it', async () => {
    const created = (await (
      await serve.api('/components', { method: 'POST', json: { name: 'checkme', source: { type: 'git', repo: join(dir, 'no-such-repo'), branch: 'main' } } })
    ).json()) as Record<string, any>;
    const res = await serve.api(`/components/${created.id}/check`, { method: 'POST' });
    expect(res.status).toBe(200);
    const check = (await res.json()) as Record<string, any>;
    expect(check).toMatchObject({ reason: 'manual', outcome: 'error', failures: 1 });
    expect(check.message).toMatch(/^git ls-remote failed: /);
    const component = (await (await serve.api(`/components/${created.id}`)).json()) as Record<string, any>;
    expect(component.lastCheck).toEqual(check);
    const status = (await (await serve.api('/status')).json()) as Record<string, any>;
    expect(status.catchUp).toMatchObject({ intervalSeconds: 300, failing: 1 });
    expect((await serve.api('/components/c_missing/check', { method: 'POST' })).status).toBe(404);
  });

  it('sends a catch-up event after every check, an unchanged result too; what it serves matches the contract', async () => {
    const created = (await (
      await serve.api('/components', { method: 'POST', json: { name: 'checkevents', source: { type: 'git', repo: join(dir, 'still-no-repo'), branch: 'main' } } })
    ).json()) as { id: string };
    const ctrl = new AbortController();
    const res = await serve.api('/events', { signal: ctrl.signal });
    const reader = res.body!.getReader();
    const seen: { type: string; event?: CatchUpEvent }[] = [];
    let buffer = '';
    /** Reads the stream until `n` catch-up events of this component arrived; keeps every event of it in order. */
    const readUntil = async (n: number) => {
      while (seen.filter((e) => e.type === 'catch-up').length < n) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += new TextDecoder().decode(value);
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          const event = data ? (JSON.parse(data) as { type: string; componentId?: string }) : undefined;
          if (event?.componentId !== created.id) continue;
          seen.push(event.type === 'catch-up' ? { type: event.type, event: catchUpEvent.parse(event) } : { type: event.type });
        }
      }
    };
    try {
      const check = async () => catchUpCheck.parse(await (await serve.api(`/components/${created.id}/check`, { method: 'POST' })).json());
      const first = await check();
      await readUntil(1);
      const second = await check();
      await readUntil(2);
      expect(first).toMatchObject({ outcome: 'error', failures: 1 });
      expect(second).toMatchObject({ outcome: 'error', failures: 2, message: first.message });
      // the same failure twice: the component changed once, but each check was announced with what it found
      expect(seen.map((e) => e.type)).toEqual(['catch-up', 'components-changed', 'catch-up']);
      expect(seen.flatMap((e) => (e.event ? [e.event.check] : []))).toEqual([first, second]);
      const component = (await (await serve.api(`/components/${created.id}`)).json()) as { lastCheck?: unknown };
      expect(catchUpCheck.parse(component.lastCheck)).toEqual(second);
      const status = catchUpStatus.parse(((await (await serve.api('/status')).json()) as { catchUp?: unknown }).catchUp);
      expect(Date.parse(status.lastCheckAt ?? '')).toBeGreaterThanOrEqual(Date.parse(second.at));
      expect(status.failing).toBeGreaterThanOrEqual(1);
    } finally {
      ctrl.abort();
    }
  });

  it('PATCH /settings sets the catch-up interval (0 = events only) and refuses bad values', async () => {
    const ok = await serve.api('/settings', { method: 'PATCH', json: { catchUp: { intervalSeconds: 0 } } });
    expect(((await ok.json()) as Record<string, any>).catchUp).toEqual({ intervalSeconds: 0 });
    const bad = await serve.api('/settings', { method: 'PATCH', json: { catchUp: { intervalSeconds: -1 } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.details?.[0]?.path).toBe('catchUp.intervalSeconds');
    await serve.api('/settings', { method: 'PATCH', json: { catchUp: { intervalSeconds: 300 } } });
  });

  it('gives webhook URLs with the local base while the tunnel is off', async () => {
    const created = (await (await serve.api('/components', { method: 'POST', json: imageComponent('hooks') })).json()) as Record<string, any>;
    const hooks = (await (await serve.api(`/components/${created.id}/webhooks`)).json()) as { hooks: Record<string, string>[] };
    expect(hooks.hooks.map((h) => h.trigger)).toEqual(['image', 'api']);
    for (const h of hooks.hooks) {
      expect(h.base).toBe('local');
      expect(h.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/hooks/[A-Za-z0-9_-]{32}/${h.trigger}$`));
    }
    const hook = (await (await serve.api(`/components/${created.id}/secrets/hook/regenerate`, { method: 'POST' })).json()) as { value: string };
    const after = (await (await serve.api(`/components/${created.id}/webhooks`)).json()) as { hooks: Record<string, string>[] };
    expect(after.hooks[0]?.url).toContain(`/hooks/${hook.value}/`);
    expect(after.hooks[0]?.url).not.toBe(hooks.hooks[0]?.url);
  });

  it('streams events over SSE', async () => {
    const ctrl = new AbortController();
    const res = await serve.api('/events', { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await serve.api('/components', { method: 'POST', json: imageComponent('sse-check') });
    let text = '';
    while (!text.includes('components-changed')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    expect(text).toMatch(/data: \{"type":"components-changed"/);
  });
});
