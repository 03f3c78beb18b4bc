/**
 * Catch-up with real git repositories: a commit with the keyword pushed while the app is quit
 * deploys on start; one without it does not (the reason is on the component and in the
 * delivery log); a commit on another branch changes nothing; a webhook (custom API call) and a
 * catch-up for the same commit make one deploy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../../electron/core/engine';
import { GitRepo, cleanupComponents, httpText, publishedOn, uniqueName } from '../deploy/helpers';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { freePort } from '../support/registry';
import { catchUpDeliveries, finishedDeploy, openEngine, waitFor } from './engine-harness';

await describeDocker('catch-up: git components', () => {
  let dir: string;
  let engine: Engine | undefined;
  let repo: GitRepo;
  let componentId = '';
  let port = 0;
  const name = uniqueName('cu-git');

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'ad-catchup-git-'));
    repo = await GitRepo.create();
    port = await freePort();
  });
  afterAll(async () => {
    await engine?.stop();
    await cleanupComponents([componentId], [name]);
    await repo?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('a commit with @deploy pushed while the app was quit deploys on start, as catch-up', async () => {
    const v1 = await repo.version('v1');
    engine = await openEngine(dir);
    const created = await engine.api.createComponent({
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      triggers: { git: { keyword: 'deploy' } },
      deploy: publishedOn(port),
    });
    componentId = created.id;
    await engine.api.deployNow(componentId, { commit: v1 });
    const first = await finishedDeploy(engine, componentId, (d) => d.target.commit === v1);
    expect(first.state, first.reason).toBe('succeeded');
    await engine.api.updateSettings({ catchUp: { intervalSeconds: 0 } });
    await engine.stop();
    engine = undefined;

    await repo.commit('refactor, nothing to ship yet', { notes: 'a\n' });
    const v2 = await repo.commit('version v2 @deploy', { version: 'v2\n' });
    engine = await openEngine(dir);
    const caught = await finishedDeploy(engine, componentId, (d) => d.target.commit === v2, 120_000);
    expect(caught.state, caught.reason).toBe('succeeded');
    expect(caught.trigger).toMatchObject({ kind: 'catch-up', provider: 'catch-up', message: 'version v2 @deploy' });
    expect(await httpText(port)).toBe('200 v2');
  });

  it('a commit without the keyword does not deploy, and says why; another branch changes nothing', async () => {
    const e = engine!;
    const v3 = await repo.commit('version v3, no keyword', { version: 'v3\n' });
    const check = await e.api.checkComponent(componentId);
    expect(check).toMatchObject({ outcome: 'ignored', found: v3, reason: 'manual' });
    expect(check.message).toContain('no commit message of the push contains "@deploy"');
    expect((await e.api.getComponent(componentId)).lastCheck).toMatchObject({ outcome: 'ignored', found: v3 });
    // the delivery log is written in batches: wait for the row
    const row = await waitFor('the delivery-log row', async () => (await catchUpDeliveries(e, componentId)).find((d) => d.outcome === 'ignored'));
    expect(row.reason).toBe('no commit message of the push contains "@deploy"');

    await repo.git('checkout', '-q', '-b', 'feature');
    const other = await repo.commit('feature work @deploy', { version: 'feature\n' });
    await repo.git('checkout', '-q', 'main');
    const again = await e.api.checkComponent(componentId);
    expect(again.found).toBe(v3); // main's head, not the other branch's
    const deploys = await e.api.listDeploys({ componentId });
    expect(deploys.filter((d) => d.target.commit === v3 || d.target.commit === other)).toHaveLength(0);
    expect(await httpText(port)).toBe('200 v2');
  });

  it('a webhook and a catch-up for the same commit make one deploy', async () => {
    const e = engine!;
    const v4 = await repo.commit('version v4 @deploy', { version: 'v4\n' });
    const hook = (await e.api.getWebhooks(componentId)).hooks.find((h) => h.trigger === 'api')!.localUrl;
    const apiKey = (await e.api.revealSecret(componentId, 'api')).value;
    const [answer, check] = await Promise.all([
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret_key: apiKey, commit: v4 }) }).then(
        async (r) => (await r.json()) as { status: string },
      ),
      e.api.checkComponent(componentId),
    ]);
    expect([answer.status, check.outcome].sort()).toEqual(['ignored', 'queued']);
    const d = await finishedDeploy(e, componentId, (x) => x.target.commit === v4, 120_000);
    expect(d.state, d.reason).toBe('succeeded');
    await waitFor('no other deploy of v4', async () => ((await e.api.listDeploys({ componentId })).every((x) => x.state !== 'queued') ? true : undefined));
    expect((await e.api.listDeploys({ componentId })).filter((x) => x.target.commit === v4)).toHaveLength(1);
    expect(await httpText(port)).toBe('200 v4');
  });
});
