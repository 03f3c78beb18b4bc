/**
 * Caddy's admin API, as the app uses it: read the config, load a whole new one (Caddy swaps
 * it atomically; listeners carry over, so no connection is refused), and count requests in
 * flight per upstream (for draining).
 */
import type { CaddyConfig } from './proxy-plan';

export class ProxyAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProxyAdminError';
  }
}

async function call(base: string, path: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    throw new ProxyAdminError(`the proxy's admin API (${base}) did not answer: ${cause?.code ?? (err as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) throw new ProxyAdminError(`the proxy's admin API answered ${res.status} to ${init.method ?? 'GET'} ${path}: ${text.trim().slice(0, 500)}`);
  return text;
}

export async function getConfig(base: string): Promise<CaddyConfig> {
  const text = await call(base, '/config/');
  return (JSON.parse(text || 'null') as CaddyConfig | null) ?? {};
}

export async function loadConfig(base: string, config: CaddyConfig): Promise<void> {
  await call(base, '/load', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) }, 30_000);
}

/** Requests in flight to `address` (`host:port`); 0 once Caddy no longer knows the upstream. */
export async function inFlight(base: string, address: string): Promise<number> {
  const list = JSON.parse(await call(base, '/reverse_proxy/upstreams')) as Array<{ address: string; num_requests: number }> | null;
  return list?.find((u) => u.address === address)?.num_requests ?? 0;
}

/** Wait until the admin API answers (a freshly started proxy). */
export async function waitAdmin(base: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await call(base, '/config/', {}, 1000);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
