import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DeployState } from '../../shared/schemas/deploy';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { freePort } from '../support/registry';
import type { Harness } from './helpers';
import { GitRepo, cleanupComponents, containersOf, createComponent, docker, httpText, openHarness, uniqueName, waitFinal } from './helpers';

await describeDocker('deploy queue under a burst, and cancelling (real engine)', () => {
  let h: Harness;
  let repo: GitRepo;
  const names: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    await ensureBaseImage();
    h = await openHarness();
    repo = await GitRepo.create();
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await cleanupComponents(ids, names);
  });

  async function component(port: number): Promise<string> {
    const name = uniqueName('burst');
    names.push(name);
    const id = await createComponent(h, {
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } },
    });
    ids.push(id);
    return id;
  }

  it('20 requests within a second: at most 2 builds, and the newest version runs', async () => {
    const port = await freePort();
    const componentId = await component(port);
    const commits: string[] = [];
    for (let i = 1; i <= 20; i++) commits.push(await repo.version(`b${i}`));

    const states = new Map<string, DeployState[]>();
    const off = h.events.subscribe((e) => {
      if (e.type === 'deploy' && e.deploy.componentId === componentId) states.set(e.deploy.id, [...(states.get(e.deploy.id) ?? []), e.deploy.state]);
    });
    // sent back to back: the whole burst takes a few milliseconds
    const requested = [];
    for (const commit of commits) requested.push(await h.manager.request({ componentId, trigger: { kind: 'git', provider: 'github' }, target: { commit } }));
    const finals = await Promise.all(requested.map((d) => waitFinal(h, d.id)));
    off();

    const built = [...states.values()].filter((s) => s.includes('building'));
    expect(built.length).toBeLessThanOrEqual(2);
    expect(finals.at(-1)!.state).toBe('succeeded');
    expect(finals.at(-1)!.result?.commit).toBe(commits.at(-1));
    const superseded = finals.filter((d) => d.state === 'superseded');
    expect(superseded.length).toBeGreaterThanOrEqual(18);
    for (const d of superseded) expect(d.supersededBy).toMatch(/^d_/);
    expect(await httpText(port)).toBe('200 b20');
    expect(await containersOf(componentId)).toHaveLength(1);
  });

  it('cancels a queued deploy and a running one; nothing changes', async () => {
    const port = await freePort();
    const componentId = await component(port);
    const first = await h.manager.request({ componentId, trigger: { kind: 'manual' }, target: {} });
    expect((await waitFinal(h, first.id)).state).toBe('succeeded');
    const before = (await containersOf(componentId))[0];

    const running = await h.manager.request({ componentId, trigger: { kind: 'manual' }, target: {} });
    const queued = await h.manager.request({ componentId, trigger: { kind: 'manual' }, target: {} });
    expect((await h.manager.cancel(queued.id)).state).toBe('cancelled');
    const cancelled = await h.manager.cancel(running.id);
    expect(cancelled.state).toBe('cancelled');
    await expect(h.manager.cancel(running.id)).rejects.toMatchObject({ code: 'conflict' });

    const after = await docker.getContainer(before.Id).inspect();
    expect(after.State.Running).toBe(true);
    expect(await containersOf(componentId)).toHaveLength(1);
    expect(await httpText(port)).toBe('200 b20');
    expect(h.manager.runningJobs().filter((j) => j.componentId === componentId)).toEqual([]);
  });
});
