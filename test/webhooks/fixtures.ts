/**
 * Test fixtures for the webhook listener: a real Store in a temp dir, a real FileKeySealer,
 * the real listener on a loopback port, components inserted directly with `store.update`
 * (the service layer is not needed), and a recording deploy scheduler (the true seam between
 * the listener and the deploy engine).
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deploy, DeployRequest } from '../../shared/schemas/deploy';
import { deploySettings, gitTrigger, imageTrigger, apiTrigger } from '../../shared/schemas/component';
import type { ApiEvent } from '../../shared/api';
import { EventBus } from '../../electron/core/events';
import type { DeployScheduler } from '../../electron/core/ports';
import { storedComponent } from '../../electron/core/store/document';
import type { StoredComponent } from '../../electron/core/store/document';
import { FileKeySealer } from '../../electron/core/store/sealer';
import { newHookId, newId } from '../../electron/core/store/secrets';
import { Store } from '../../electron/core/store/store';
import { createWebhookListener } from '../../electron/core/webhooks/listener';
import type { WebhookListener, WebhookListenerDeps } from '../../electron/core/webhooks/listener';

/** A real object standing in for the deploy engine: records requests, returns queued deploys. */
export class RecordingScheduler implements Pick<DeployScheduler, 'request'> {
  readonly requests: DeployRequest[] = [];
  failNext = false;
  constructor(private readonly store?: Store) {}
  async request(req: DeployRequest): Promise<Deploy> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('deploy queue is closed');
    }
    this.requests.push(req);
    const name = this.store?.data.components.find((c) => c.id === req.componentId)?.name ?? 'unknown';
    return {
      id: newId('d'),
      componentId: req.componentId,
      componentName: name,
      state: 'queued',
      trigger: req.trigger,
      target: req.target,
      createdAt: new Date().toISOString(),
    };
  }
}

export interface TestEnv {
  dir: string;
  store: Store;
  sealer: FileKeySealer;
  events: EventBus;
  seen: ApiEvent[];
  scheduler: RecordingScheduler;
  listener: WebhookListener;
  url: string;
  /** Unexpected errors the listener reported (never sent to clients). */
  errors: unknown[];
  close(): Promise<void>;
}

export async function startEnv(options: Partial<Omit<WebhookListenerDeps, 'store' | 'sealer' | 'events' | 'scheduler'>> = {}, dir?: string): Promise<TestEnv> {
  const dataDir = dir ?? (await mkdtemp(join(tmpdir(), 'autodeploy-hooks-')));
  const store = await Store.open(dataDir);
  const sealer = await FileKeySealer.open(join(dataDir, 'secret.key'));
  const events = new EventBus();
  const seen: ApiEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const scheduler = new RecordingScheduler(store);
  const errors: unknown[] = [];
  const listener = createWebhookListener({ store, sealer, events, scheduler, onError: (e) => errors.push(e), writeDelayMs: 0, ...options });
  const { url } = await listener.listen(0, '127.0.0.1');
  return {
    dir: dataDir,
    store,
    sealer,
    events,
    seen,
    scheduler,
    listener,
    url,
    errors,
    async close() {
      await listener.close();
      await store.close();
      if (!dir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ComponentSpec {
  name?: string;
  repo?: string;
  branch?: string;
  image?: string;
  keyword?: string;
  tagPattern?: string;
  noDowngrade?: boolean;
  autoBuild?: boolean;
  /** Plaintext webhook secret; `null` = none set; default: set for git components only. */
  secret?: string | null;
  /** Plaintext API key; `null` = none set. */
  apiKey?: string | null;
  triggers?: { git?: boolean; image?: boolean; api?: boolean };
  runningTag?: string;
}

export interface AddedComponent {
  component: StoredComponent;
  hookId: string;
  secret?: string;
  apiKey?: string;
  path(kind: 'git' | 'image' | 'api'): string;
}

export const DEFAULT_SECRET = "It's a Secret to Everybody";
export const DEFAULT_API_KEY = 'api-key-0123456789';

export async function addComponent(env: TestEnv, spec: ComponentSpec = {}): Promise<AddedComponent> {
  const isImage = spec.image !== undefined;
  const now = new Date().toISOString();
  // like the service: git components always have a webhook secret, image components only when given
  const secret = spec.secret === null ? undefined : (spec.secret ?? (isImage ? undefined : DEFAULT_SECRET));
  const apiKey = spec.apiKey === null ? undefined : (spec.apiKey ?? DEFAULT_API_KEY);
  const enabled = spec.triggers ?? (isImage ? { image: true, api: true } : { git: true, api: true });
  const component = storedComponent.parse({
    id: newId('c'),
    name: spec.name ?? `c${Math.random().toString(36).slice(2, 8)}`,
    autoBuild: spec.autoBuild ?? true,
    source: isImage
      ? { type: 'image', image: spec.image }
      : { type: 'git', repo: spec.repo ?? 'https://github.com/acme/shop-api.git', branch: spec.branch ?? 'main', dockerfile: 'Dockerfile', context: '.', buildArgs: {} },
    triggers: {
      ...(enabled.git !== undefined ? { git: gitTrigger.parse({ enabled: enabled.git, keyword: spec.keyword ?? '' }) } : {}),
      ...(enabled.image !== undefined
        ? { image: imageTrigger.parse({ enabled: enabled.image, tagPattern: spec.tagPattern ?? '', noDowngrade: spec.noDowngrade ?? false }) }
        : {}),
      ...(enabled.api !== undefined ? { api: apiTrigger.parse({ enabled: enabled.api }) } : {}),
    },
    deploy: deploySettings.parse({}),
    hookId: newHookId(),
    secrets: {
      ...(secret !== undefined ? { git: env.sealer.seal(secret) } : {}),
      ...(apiKey !== undefined ? { api: env.sealer.seal(apiKey) } : {}),
    },
    ...(spec.runningTag ? { running: { deployId: 'd_prev', image: spec.image ?? '', tag: spec.runningTag, since: now } } : {}),
    createdAt: now,
    updatedAt: now,
  });
  await env.store.update((doc) => {
    doc.components.push(component);
  });
  return { component, hookId: component.hookId, secret, apiKey, path: (kind) => `/hooks/${component.hookId}/${kind}` };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | undefined;
}

/** A raw HTTP request (node:http keeps the path exactly as given: no URL normalization). */
export function send(
  base: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<HttpAnswer> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'POST',
        path: opts.path,
        // Explicit length: node sends DELETE/OPTIONS bodies without one, which is not HTTP.
        headers: { ...(opts.body !== undefined ? { 'content-length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> | undefined;
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

export const hmacHex = (secret: string, body: string | Buffer): string => createHmac('sha256', secret).update(body).digest('hex');

/** Headers of a GitHub delivery, signed when a secret is given. */
export function githubHeaders(event: string, body: string, secret?: string, delivery = `gh-${Math.random().toString(16).slice(2)}`): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/abc123',
    'x-github-event': event,
    'x-github-delivery': delivery,
    ...(secret !== undefined ? { 'x-hub-signature-256': `sha256=${hmacHex(secret, body)}` } : {}),
  };
}

export const COMMIT_A = '4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7';
export const COMMIT_B = '9c3f1e2a7b0d4c5e6f708192a3b4c5d6e7f80912';

/** A GitHub-style push payload (the shape GitHub, Gitea, Gogs and Gitee share). */
export function githubPush(opts: { ref?: string; repo?: string; messages?: string[]; after?: string; deleted?: boolean } = {}): Record<string, unknown> {
  const repo = opts.repo ?? 'acme/shop-api';
  const after = opts.after ?? COMMIT_A;
  const messages = opts.messages ?? ['Fix checkout rounding @deploy'];
  const commits = messages.map((m, i) => ({ id: i === messages.length - 1 ? after : COMMIT_B, message: m }));
  return {
    ref: opts.ref ?? 'refs/heads/main',
    before: COMMIT_B,
    after: opts.deleted ? '0000000000000000000000000000000000000000' : after,
    created: false,
    deleted: opts.deleted ?? false,
    head_commit: opts.deleted ? null : { id: after, message: messages[messages.length - 1] },
    commits: opts.deleted ? [] : commits,
    pusher: { name: 'liwei', email: 'li.wei@example.com' },
    repository: {
      full_name: repo,
      html_url: `https://github.com/${repo}`,
      clone_url: `https://github.com/${repo}.git`,
      ssh_url: `git@github.com:${repo}.git`,
      git_url: `git://github.com/${repo}.git`,
    },
  };
}

/** Raw bytes over a TCP socket, for requests node:http would refuse to send. Returns the status. */
export function sendRaw(base: string, bytes: string | Buffer): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err) => (chunks.length > 0 ? undefined : reject(err)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text });
    });
    // No half-close: the server may drop a request whose client already sent FIN. Requests
    // carry `Connection: close`; the timeout only guards against a test mistake.
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(bytes);
  });
}
