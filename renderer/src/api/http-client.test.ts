import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api';
import type { ApiEvent } from '../../../shared/api';
import { buildRequest, createHttpClient } from './http-client';
import type { ConnectionState } from './http-client';
import { SseParser } from './sse';

describe('buildRequest (generic over API_ROUTES)', () => {
  it('fills path parameters in order and sends the rest as JSON', () => {
    expect(buildRequest('/api', 'regenerateSecret', ['c 1', 'git'])).toEqual({
      url: '/api/components/c%201/secrets/git/regenerate',
      init: { method: 'POST', headers: { Accept: 'application/json' } },
    });
    const r = buildRequest('http://127.0.0.1:9/api/', 'updateComponent', ['c1', { autoBuild: false }]);
    expect(r.url).toBe('http://127.0.0.1:9/api/components/c1');
    expect(r.init).toMatchObject({ method: 'PATCH', body: '{"autoBuild":false}', headers: { 'Content-Type': 'application/json' } });
    expect(buildRequest('/api', 'deleteComponent', ['c1', { removeContainer: true }]).init).toMatchObject({ method: 'DELETE', body: '{"removeContainer":true}' });
  });
  it('puts GET arguments in the query string, skipping empty ones', () => {
    expect(buildRequest('/api', 'listDeploys', [{ componentId: 'c1', limit: 20, x: undefined }]).url).toBe('/api/deploys?componentId=c1&limit=20');
    expect(buildRequest('/api', 'listDeploys', []).url).toBe('/api/deploys');
    expect(buildRequest('/api', 'getDeployLog', ['d/1']).url).toBe('/api/deploys/d%2F1/log');
  });
  it('refuses a missing id instead of calling a wrong URL', () => {
    expect(() => buildRequest('/api', 'getComponent', [''])).toThrow(ApiError);
  });
});

describe('SseParser', () => {
  it('joins data lines, handles split chunks, CRLF and comments', () => {
    const p = new SseParser();
    expect(p.push(': connected\n\nevent: deploy\nda')).toEqual([]);
    expect(p.push('ta: {"a":1}\r')).toEqual([]);
    expect(p.push('\n\r\ndata:x\ndata: y\n\n')).toEqual(['{"a":1}', 'x\ny']);
  });
});

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** A scripted fetch: each call takes the next handler (the seam here is `fetch` itself). */
function scriptedFetch(handlers: Handler[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    calls.push({ url, init: init ?? {} });
    const h = handlers.shift();
    if (!h) return new Promise(() => undefined);
    return Promise.resolve(h(url, init ?? {}));
  };
  return { fetchFn: fetchFn, calls };
}

function sseResponse(chunks: string[], { end }: { end: boolean }) {
  const enc = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(enc.encode(c));
        if (end) controller.close();
      },
    }),
    { status: 200, headers: { 'content-type': 'text/event-stream' } },
  );
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createHttpClient', () => {
  it('sends the bearer token and returns JSON; text for the log', async () => {
    const { fetchFn, calls } = scriptedFetch([() => json(200, [{ id: 'c1' }]), () => new Response('line 1\nline 2\n', { headers: { 'content-type': 'text/plain' } })]);
    const client = createHttpClient({ baseUrl: '/api', token: 's3cret', fetch: fetchFn });
    expect(await client.listComponents()).toEqual([{ id: 'c1' }]);
    expect(await client.getDeployLog('d1')).toBe('line 1\nline 2\n');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret');
  });

  it('turns error bodies into ApiErrors with their details', async () => {
    const { fetchFn } = scriptedFetch([
      () => json(400, { error: { code: 'validation', message: 'Invalid component', details: [{ path: 'name', message: 'bad' }] } }),
      () => new Response('<html>proxy error</html>', { status: 502 }),
    ]);
    const client = createHttpClient({ baseUrl: '/api', token: 't', fetch: fetchFn });
    const err = await client.createComponent({ name: 'x', source: { type: 'image', image: 'nginx' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'validation', message: 'Invalid component', details: [{ path: 'name', message: 'bad' }] });
    await expect(client.getStatus()).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('HTTP 502') });
  });

  it('says the engine is unreachable on a network error', async () => {
    const client = createHttpClient({ baseUrl: '/api', token: 't', fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(client.getStatus()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('Cannot reach') });
  });

  it('streams events, reconnects after the stream ends, and reports the connection state', async () => {
    const { fetchFn, calls } = scriptedFetch([
      () => sseResponse([': connected\n\n', 'event: deploy\ndata: {"type":"status-', 'changed"}\n\n'], { end: true }),
      () => sseResponse(['data: {"type":"components-changed","componentId":"c1"}\n\n'], { end: false }),
    ]);
    const client = createHttpClient({ baseUrl: '/api', token: 't', fetch: fetchFn, backoff: { initialMs: 5, maxMs: 10 } });
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    const events: ApiEvent[] = [];
    const unsubscribe = client.subscribe((e) => events.push(e));
    await expect.poll(() => events.length).toBe(2);
    expect(events).toEqual([{ type: 'status-changed' }, { type: 'components-changed', componentId: 'c1' }]);
    expect(calls.map((c) => c.url)).toEqual(['/api/events', '/api/events']);
    expect((calls[1].init.headers as Record<string, string>).Authorization).toBe('Bearer t');
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    unsubscribe();
    client.close();
    expect(client.connection()).toBe('idle');
  });

  it('keeps one stream across an immediate unsubscribe/resubscribe (React StrictMode, re-renders)', async () => {
    const { fetchFn, calls } = scriptedFetch([() => sseResponse([': connected\n\n'], { end: false })]);
    const client = createHttpClient({ baseUrl: '/api', token: 't', fetch: fetchFn });
    const first = client.subscribe(() => undefined);
    first();
    const events: ApiEvent[] = [];
    client.subscribe((e) => events.push(e));
    await expect.poll(() => client.connection()).toBe('open');
    await new Promise((r) => setTimeout(r, 1100)); // past the idle-stop delay
    expect(client.connection()).toBe('open');
    expect(calls).toHaveLength(1);
    client.close();
  });

  it('stops and tells the app when the token is refused', async () => {
    const { fetchFn, calls } = scriptedFetch([() => json(401, { error: { code: 'unauthorized', message: 'Missing or wrong bearer token' } })]);
    let told = 0;
    const client = createHttpClient({ baseUrl: '/api', token: 'old', fetch: fetchFn, backoff: { initialMs: 1, maxMs: 1 }, onUnauthorized: () => told++ });
    client.subscribe(() => undefined);
    await expect.poll(() => client.connection()).toBe('unauthorized');
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    expect(told).toBe(1);
    client.close();
  });
});
