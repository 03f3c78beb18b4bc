import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDocker } from '../support/docker';
import type { GitRepo, Harness } from './helpers';
import { cleanupComponents, containersOf, httpText, servingGitComponent, uniqueName } from './helpers';

await describeDocker('bounded shutdown with a deploy in flight (real engine)', () => {
  let h: Harness;
  let repo: GitRepo;
  let port: number;
  let componentId: string;
  const name = uniqueName('stop');

  beforeAll(async () => {
    ({ h, repo, port, componentId } = await servingGitComponent(name, 's1'));
  });
  afterAll(async () => {
    await h?.store.close();
    await repo?.remove();
    await cleanupComponents([componentId], [name]);
  });

  it('stop() waits up to its limit, then cancels: the old container is back, queued work is cancelled', async () => {
    await h.components.update(componentId, { deploy: { healthcheck: { timeoutSeconds: 300, stableSeconds: 300 } } });
    const before = (await containersOf(componentId))[0];
    const inFlight = await h.manager.request({ componentId, trigger: { kind: 'manual' }, target: { commit: await repo.version('s2') } });
    const queued = await h.manager.request({ componentId, trigger: { kind: 'manual' }, target: {} });
    // wait until the in-flight deploy sits in its (long) health check
    for (let i = 0; i < 600 && !h.seen.some((e) => e.type === 'deploy-log' && e.deployId === inFlight.id && /health:/.test(e.line)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.manager.stop(1000);
    const byId = (id: string) => h.store.data.deploys.find((d) => d.id === id)!;
    expect(byId(queued.id)).toMatchObject({ state: 'cancelled', reason: 'the app stopped before this deploy started' });
    expect(byId(inFlight.id)).toMatchObject({ state: 'cancelled', reason: 'cancelled; the previous container was restored' });
    expect((await containersOf(componentId)).map((c) => [c.Id, c.State])).toEqual([[before.Id, 'running']]);
    expect(await httpText(port)).toBe('200 s1');
    await expect(h.manager.request({ componentId, trigger: { kind: 'manual' }, target: {} })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
