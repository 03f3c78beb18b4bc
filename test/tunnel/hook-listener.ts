/**
 * The real webhook listener as a tunnel's local side (store, sealer, hook lookup, HMAC check;
 * test/webhooks/fixtures.ts), holding one git component, and signed GitHub pushes to it sent
 * through a tunnel's public URL.
 */
import type { StoredComponent } from '../../electron/core/store/document';
import type { LtServer } from '../support/lt-server';
import { addComponent, githubHeaders, githubPush, startEnv } from '../webhooks/fixtures';
import type { RecordingScheduler, TestEnv } from '../webhooks/fixtures';

export interface HookListener {
  env: TestEnv;
  /** The listener's loopback port. */
  port: number;
  /** The git component (name shop-api) whose pushes are signed with `secret`. */
  component: StoredComponent;
  secret: string;
  /** What the listener handed to the deploy engine. */
  scheduler: RecordingScheduler;
  /** The component's git hook path, `/hooks/<hookId>/git`. */
  hookPath: string;
  close(): Promise<void>;
}

export async function openHookListener(secret: string): Promise<HookListener> {
  // the listener's own batched delivery-log writes, as in the app (the fixtures default to none)
  const env = await startEnv({ writeDelayMs: undefined });
  const added = await addComponent(env, { name: 'shop-api', secret, apiKey: null, triggers: { git: true } });
  return {
    env,
    port: Number(new URL(env.url).port),
    component: added.component,
    secret,
    scheduler: env.scheduler,
    hookPath: added.path('git'),
    close: () => env.close(),
  };
}

export interface PushOptions {
  /** X-GitHub-Delivery (default: a random one). */
  deliveryId?: string;
  /** The key the push is signed with (default: the component's secret). */
  secret?: string;
  /** Headers added after the GitHub ones (e.g. a forged X-Forwarded-For). */
  headers?: Record<string, string>;
}

/** A signed GitHub push to the component's branch (main). */
function signedPush(listener: HookListener, opts: PushOptions = {}): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(githubPush({ messages: ['Fix checkout rounding'] }));
  return { body, headers: { ...githubHeaders('push', body, opts.secret ?? listener.secret, opts.deliveryId), ...opts.headers } };
}

/** Sends a signed push to the listener through the public URL of tunnel `tunnelId` on `server`. */
export function pushThrough(server: Pick<LtServer, 'publicRequest'>, tunnelId: string, listener: HookListener, opts: PushOptions = {}) {
  const { body, headers } = signedPush(listener, opts);
  return server.publicRequest(tunnelId, { method: 'POST', path: listener.hookPath, headers, body, timeoutMs: 20_000 });
}
