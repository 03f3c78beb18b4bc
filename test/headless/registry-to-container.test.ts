/**
 * The whole path through the real `serve` process: a real registry sends a real push
 * notification to the component's webhook URL; the engine verifies it, resolves and pulls the
 * tag, replaces the container, and the new version answers on its published port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWithCli, cleanupComponents, dockerfileServing, httpText, run, uniqueName } from '../deploy/helpers';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { pollUntil } from '../support/poll-until';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';

interface DeployView {
  id: string;
  state: string;
  trigger: { kind: string; provider?: string };
  target: { tag?: string };
  reason?: string;
}

const waitFor = <T>(what: string, fn: () => Promise<T | undefined>): Promise<T> => pollUntil(what, fn, { timeoutMs: 120_000, intervalMs: 250 });

await describeDocker('registry push → webhook → deployed container (serve)', () => {
  let dir: string;
  let serve: ServeProcess;
  let registry: TestRegistry;
  let componentId = '';
  const name = uniqueName('e2e-web');
  let port = 0;

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'ad-e2e-'));
    serve = await startServe({ dataDir: dir });
    port = await freePort();
  });
  afterAll(async () => {
    await serve?.stop();
    await registry?.stop();
    await cleanupComponents([componentId], [name]);
    await rm(dir, { recursive: true, force: true });
  });

  it('deploys each pushed tag matching the rule, and ignores the others', async () => {
    // the registry's address is part of the image name, and its config needs the webhook URL:
    // choose its port first, create the component, then start the registry
    const registryPort = await freePort();
    const host = `127.0.0.1:${registryPort}`;
    const repo = `${host}/e2e/${name}`;
    const created: any = await (
      await serve.api('/components', {
        method: 'POST',
        json: {
          name,
          source: { type: 'image', image: `${repo}:v1` },
          triggers: { image: { tagPattern: 'glob:v*' } },
          deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { stableSeconds: 1, timeoutSeconds: 30 } },
        },
      })
    ).json();
    componentId = created.id;
    const hooks: any = await (await serve.api(`/components/${componentId}/webhooks`)).json();
    const imageHook = hooks.hooks.find((h: { trigger: string }) => h.trigger === 'image').url as string;
    const apiKey = ((await (await serve.api(`/components/${componentId}/secrets/api/reveal`, { method: 'POST' })).json()) as { value: string }).value;

    registry = await startRegistry({ notifyUrl: imageHook, notifyHeaders: { Authorization: `Bearer ${apiKey}` }, port: registryPort });

    for (const version of ['v1', 'v2']) {
      await buildWithCli(`${repo}:${version}`, dockerfileServing(), { version: `${version}\n` });
      await run('docker', ['push', `${repo}:${version}`]);
      const deploy = await waitFor(`deploy of ${version}`, async () => {
        const list = (await (await serve.api(`/deploys?componentId=${componentId}`)).json()) as DeployView[];
        const d = list.find((x) => x.target.tag === version && ['succeeded', 'failed', 'rolled-back'].includes(x.state));
        return d;
      });
      expect(deploy.state, deploy.reason).toBe('succeeded');
      expect(deploy.trigger).toMatchObject({ kind: 'image', provider: 'distribution' });
      expect(await httpText(port)).toBe(`200 ${version}`);
    }

    // a tag outside the rule is delivered, logged as ignored, and deploys nothing
    await buildWithCli(`${repo}:latest`, dockerfileServing(), { version: 'latest\n' });
    await run('docker', ['push', `${repo}:latest`]);
    const ignored = await waitFor('the ignored delivery', async () => {
      const list = (await (await serve.api(`/deliveries?componentId=${componentId}`)).json()) as { outcome: string; reason?: string; summary?: string }[];
      return list.find((d) => d.outcome === 'ignored' && /latest/.test(`${d.summary} ${d.reason}`));
    });
    expect(ignored.reason).toBe('tag "latest" does not match glob "v*"');
    expect(await httpText(port)).toBe('200 v2');
    const component: any = await (await serve.api(`/components/${componentId}`)).json();
    expect(component.source.image).toBe(`${repo}:v2`);
    expect(component.running.tag).toBe('v2');
    // where it runs, from the engine's inspection of the container
    expect(component.running.addresses).toEqual([`http://127.0.0.1:${port}`]);
    expect(component.running.exposedToNetwork).toBeUndefined();

    // a custom API call naming a tag that the registry lacks: accepted (it passes the rule),
    // fails to pull, and leaves the configured image and the running app as they were
    const apiHook = hooks.hooks.find((h: { trigger: string }) => h.trigger === 'api').url as string;
    const answer = await fetch(apiHook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret_key: apiKey, tag: 'v9-missing' }) });
    expect(answer.status).toBe(202);
    const { deployId } = (await answer.json()) as { deployId: string };
    const missing = await waitFor('the missing-tag deploy to end', async () => {
      const d = (await (await serve.api(`/deploys/${deployId}`)).json()) as DeployView;
      return ['succeeded', 'failed', 'rolled-back'].includes(d.state) ? d : undefined;
    });
    expect(missing.state).toBe('failed');
    const after: any = await (await serve.api(`/components/${componentId}`)).json();
    expect(after.source.image).toBe(`${repo}:v2`);
    expect(await httpText(port)).toBe('200 v2');
  });
});
