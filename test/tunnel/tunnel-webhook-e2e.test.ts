/**
 * End to end through the real webhook listener: a signed GitHub push sent to the tunnel's
 * public URL reaches the listener (real store, sealer, hook lookup, HMAC check) and is queued;
 * anything but the hook and health paths, the control API's included, is a 404.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploySettings, gitTrigger } from '../../shared/schemas/component';
import type { Deploy, DeployRequest } from '../../shared/schemas/deploy';
import { EventBus } from '../../electron/core/events';
import { storedComponent, type StoredComponent } from '../../electron/core/store/document';
import { FileKeySealer } from '../../electron/core/store/sealer';
import { newHookId, newId } from '../../electron/core/store/secrets';
import { Store } from '../../electron/core/store/store';
import { httpLivenessProbe, type ProbeOutcome } from '../../electron/core/tunnel/liveness-probe';
import { TunnelManager } from '../../electron/core/tunnel/tunnel-manager';
import { createWebhookListener, type WebhookListener } from '../../electron/core/webhooks/listener';
import { LtServer } from '../support/lt-server';
import { FAST_TIMING, idOf, waitFor } from './helpers';

const SECRET = 'tunnel-e2e-secret-0123456789';

/** Stands in for the deploy engine (the seam the listener talks to): records, answers queued. */
class RecordingScheduler {
  readonly requests: DeployRequest[] = [];
  async request(req: DeployRequest): Promise<Deploy> {
    this.requests.push(req);
    return { id: newId('d'), componentId: req.componentId, componentName: 'shop-api', state: 'queued', trigger: req.trigger, target: req.target, createdAt: new Date().toISOString() };
  }
}

let dir: string;
let store: Store;
let listener: WebhookListener;
let server: LtServer;
let manager: TunnelManager;
let component: StoredComponent;
const scheduler = new RecordingScheduler();
const defaultProbe = httpLivenessProbe();
const probes: ProbeOutcome[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autodeploy-tunnel-'));
  store = await Store.open(dir);
  const sealer = await FileKeySealer.open(join(dir, 'secret.key'));
  const events = new EventBus();
  const now = new Date().toISOString();
  component = storedComponent.parse({
    id: newId('c'),
    name: 'shop-api',
    autoBuild: true,
    source: { type: 'git', repo: 'https://github.com/acme/shop-api.git', branch: 'main', dockerfile: 'Dockerfile', context: '.', buildArgs: {} },
    triggers: { git: gitTrigger.parse({ enabled: true, keyword: '' }) },
    deploy: deploySettings.parse({}),
    hookId: newHookId(),
    secrets: { git: sealer.seal(SECRET) },
    createdAt: now,
    updatedAt: now,
  });
  await store.update((doc) => {
    doc.components.push(component);
  });
  listener = createWebhookListener({ store, sealer, scheduler, events });
  const { port } = await listener.listen(0, '127.0.0.1');
  server = await LtServer.start();
  manager = new TunnelManager({
    events,
    settings: () => ({ host: server.host, subdomain: 'shop-hooks', autoStart: false }),
    localPort: () => port,
    timing: FAST_TIMING,
    probe: async (url, signal) => {
      const outcome = await defaultProbe(url, signal);
      probes.push(outcome);
      return outcome;
    },
  });
  expect((await manager.start()).state).toBe('online');
});

afterAll(async () => {
  await manager?.close();
  await server?.stop();
  await listener?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function push(): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    ref: 'refs/heads/main',
    before: '9c3f1e2a7b0d4c5e6f708192a3b4c5d6e7f80912',
    after: '4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7',
    created: false,
    deleted: false,
    head_commit: { id: '4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7', message: 'Fix checkout rounding' },
    commits: [{ id: '4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7', message: 'Fix checkout rounding' }],
    pusher: { name: 'liwei', email: 'li.wei@example.com' },
    repository: { full_name: 'acme/shop-api', html_url: 'https://github.com/acme/shop-api', clone_url: 'https://github.com/acme/shop-api.git' },
  });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/abc123',
    'x-github-event': 'push',
    'x-github-delivery': `gh-${Math.random().toString(16).slice(2)}`,
    'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
  };
  return { body, headers };
}

describe('tunnel → real webhook listener', () => {
  it('a signed GitHub push to the public URL is accepted (202) and queued', async () => {
    const id = idOf(manager.status().url);
    expect(id).toBe('shop-hooks');
    const { body, headers } = push();
    const answer = await server.publicRequest(id, { method: 'POST', path: `/hooks/${component.hookId}/git`, headers, body });
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ status: 'queued' });
    expect(scheduler.requests).toHaveLength(1);
    expect(scheduler.requests[0]).toMatchObject({ componentId: component.id });
    // the delivery log (written after the answer): behind the tunnel every sender is the
    // tunnel client on loopback, and no forwarded address is added
    await waitFor('the delivery record', () => store.data.deliveries.length === 1);
    expect(store.data.deliveries[0]).toMatchObject({ status: 202, outcome: 'queued', remoteAddress: '127.0.0.1', verified: true });
    expect(store.data.deliveries[0].forwardedFor).toBeUndefined();
  });

  it('a push with a wrong signature through the tunnel is 401 and queues nothing', async () => {
    const { body, headers } = push();
    headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', 'wrong').update(body).digest('hex')}`;
    const before = scheduler.requests.length;
    const answer = await server.publicRequest('shop-hooks', { method: 'POST', path: `/hooks/${component.hookId}/git`, headers, body });
    expect(answer.status).toBe(401);
    expect(scheduler.requests).toHaveLength(before);
  });

  it('the control API is not reachable through the tunnel: 404', async () => {
    for (const path of ['/api/status', '/status', '/components', '/api/components']) {
      const answer = await server.publicRequest('shop-hooks', { path, headers: { authorization: 'Bearer whatever' } });
      expect(answer.status, path).toBe(404);
    }
    expect((await server.publicRequest('shop-hooks', { path: '/healthz' })).status).toBe(200);
  });

  it('the liveness probe goes through the tunnel to the listener and finds it alive', async () => {
    await waitFor('two liveness probes', () => probes.length >= 2);
    expect(probes.slice(0, 2)).toEqual([{ kind: 'alive' }, { kind: 'alive' }]);
    // only the two pushes above are deliveries: probes of /healthz leave no trace in the log
    await waitFor('both delivery records', () => store.data.deliveries.length >= 2);
    expect(store.data.deliveries).toHaveLength(2);
    expect(manager.status()).toMatchObject({ state: 'online', subdomainMismatch: false });
    expect(manager.status().reason).toBeUndefined();
  });
});
