import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_BODY } from '../webhooks/health-answer';
import { httpLivenessProbe } from './liveness-probe';

let server: Server;
let port: number;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(`${req.headers.host} ${req.url} ${String(req.headers['bypass-tunnel-reminder'])}`);
    const id = (req.headers.host ?? '').split('.')[0];
    if (id === 'alive') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(HEALTH_BODY));
    else if (id === 'otherok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    else if (id === 'stale') res.writeHead(408, { connection: 'close' }).end();
    else if (id === 'gone') res.writeHead(404).end('404');
    else if (id === 'unavailable') res.writeHead(503).end('Tunnel Unavailable');
    else if (id === 'listener404') res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"not_found"}}');
    else if (id === 'reminder') res.writeHead(401, { 'content-type': 'text/html' }).end('<html>Friendly Reminder</html>');
    // 'hang': never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const probe = httpLivenessProbe({ timeoutMs: 300 });
const check = (id: string) => probe(`http://${id}.localhost:${port}`, new AbortController().signal);

describe('liveness probe', () => {
  it('reaches <id>.localhost on loopback and asks for /healthz past reminder pages', async () => {
    expect(await check('alive')).toEqual({ kind: 'alive' });
    expect(paths).toContain(`alive.localhost:${port} /healthz 1`);
  });

  it('a bare 404 (no such tunnel) and a 5xx mean the tunnel is dead', async () => {
    expect(await check('gone')).toEqual({ kind: 'dead', reason: `the tunnel server no longer routes http://gone.localhost:${port} (404)` });
    expect(await check('unavailable')).toEqual({
      kind: 'dead',
      reason: `liveness check of http://unavailable.localhost:${port} got 503 with "Tunnel Unavailable" instead of the listener's health answer; senders would get the same, so the tunnel is reconnected`,
    });
  });

  it('any answer but the listener health answer is unhealthy: a stale 408, an HTML page, a foreign 200', async () => {
    expect(await check('stale')).toEqual({
      kind: 'dead',
      reason: `liveness check of http://stale.localhost:${port} got 408 with an empty body instead of the listener's health answer; senders would get the same, so the tunnel is reconnected`,
    });
    expect(await check('reminder')).toMatchObject({ kind: 'dead', reason: expect.stringContaining('got 401 with an HTML page') as string });
    expect((await check('listener404')).kind).toBe('dead');
    expect((await check('otherok')).kind).toBe('dead');
  });

  it('no answer or a refused connection is inconclusive', async () => {
    expect(await check('hang')).toEqual({ kind: 'inconclusive', reason: `no answer from http://hang.localhost:${port}/healthz within 0.3 s` });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    expect(await probe(`http://x.localhost:${closedPort}`, new AbortController().signal)).toEqual({
      kind: 'inconclusive',
      reason: `liveness check of http://x.localhost:${closedPort}/healthz failed: ECONNREFUSED`,
    });
  });

  it('a name that does not resolve is reported as such', async () => {
    const outcome = await probe('https://abc.nowhere.invalid', new AbortController().signal);
    expect(outcome).toEqual({
      kind: 'unresolvable',
      reason: 'the public name abc.nowhere.invalid does not resolve from this machine, so the tunnel cannot be checked from here (senders elsewhere may still reach it)',
    });
  });

  it('stops when aborted', async () => {
    const abort = new AbortController();
    const pending = probe(`http://hang.localhost:${port}`, abort.signal);
    abort.abort();
    expect(await pending).toEqual({ kind: 'inconclusive', reason: 'liveness check cancelled' });
  });
});
