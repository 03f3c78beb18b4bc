/**
 * Security-suite support for the real `serve` process: create a component through the control
 * API and post to its webhook URLs.
 */
import type { ServeProcess } from '../support/serve';

export interface ServedComponent {
  id: string;
  /** trigger kind → full webhook URL */
  urls: Record<string, string>;
}

export async function createServed(serve: ServeProcess, body: Record<string, unknown>): Promise<ServedComponent> {
  const res = await serve.api('/components', { method: 'POST', json: body });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { id: string };
  const hooks = (await (await serve.api(`/components/${created.id}/webhooks`)).json()) as { hooks: { trigger: string; url: string }[] };
  return { id: created.id, urls: Object.fromEntries(hooks.hooks.map((h) => [h.trigger, h.url])) };
}

export interface Answer {
  status: number;
  json: Record<string, unknown> | undefined;
}

export async function post(url: string, headers: Record<string, string>, body: string | Buffer): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}
