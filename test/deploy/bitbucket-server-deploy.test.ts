/**
 * A Bitbucket Server / Data Center push end to end: the real listener answers 202 and the real
 * deploy job reads the commit messages `fromHash..toHash` in the repository at checkout (the
 * payload lists none). With `@deploy` in one of them the commit is built and runs; without, the
 * deploy ends `skipped` with the reason and the running container is left alone.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { FileKeySealer } from '../../electron/core/store/sealer';
import { createWebhookListener, type WebhookListener } from '../../electron/core/webhooks/listener';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { freePort } from '../support/registry';
import { ZERO, bitbucketServerHeaders, refsChanged } from '../webhooks/bitbucket-server-payload';
import { send } from '../webhooks/fixtures';
import type { Harness } from './helpers';
import { GitRepo, cleanupComponents, containersOf, createComponent, httpText, openHarness, uniqueName, waitFinal } from './helpers';

const SECRET = 'bitbucket-server-secret-0123';

await describeDocker('Bitbucket Server push → keyword read in the repository → deploy or skip', () => {
  let h: Harness;
  let repo: GitRepo;
  let listener: WebhookListener;
  let url: string;
  let port: number;
  let componentId: string;
  let hookPath: string;
  const name = uniqueName('bbs');

  beforeAll(async () => {
    await ensureBaseImage();
    h = await openHarness();
    repo = await GitRepo.create();
    port = await freePort();
    componentId = await createComponent(h, {
      name,
      source: { type: 'git', repo: `file://${repo.dir}`, branch: 'main' },
      triggers: { git: { enabled: true, keyword: 'deploy' } },
      secret: SECRET,
      deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } },
    });
    hookPath = `/hooks/${h.store.data.components.find((c) => c.id === componentId)?.hookId}/git`;
    const sealer = await FileKeySealer.open(join(h.dataDir, 'secret.key'));
    listener = createWebhookListener({ store: h.store, sealer, scheduler: h.manager, events: h.events, writeDelayMs: 0 });
    url = (await listener.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await listener?.close();
    await h?.close();
    await repo?.remove();
    await cleanupComponents([componentId], [name]);
  });

  async function push(from: string, to: string, secret = SECRET, change: Parameters<typeof refsChanged>[0] = {}) {
    const body = JSON.stringify(refsChanged({ from, to, ...change }, [`file://${repo.dir}`]));
    return send(url, { path: hookPath, headers: bitbucketServerHeaders(body, secret), body });
  }

  it('deploys when a commit of fromHash..toHash carries @deploy, though the payload lists no messages', async () => {
    const base = await repo.version('v0');
    await repo.version('v1');
    await repo.commit('ship it @deploy');
    const head = await repo.commit('tidy up after the release');
    const res = await push(base, head);
    expect(res.status, res.text).toBe(202);
    const d = await waitFinal(h, String(res.json?.deployId));
    expect(d.state, d.reason).toBe('succeeded');
    expect(d.result?.commit).toBe(head);
    expect(d.trigger).toMatchObject({ kind: 'git', provider: 'bitbucket-server' });
    expect(await httpText(port)).toBe('200 v1');
    const log = await readDeployLog(h.dataDir, d.id);
    expect(log).toMatch(/keyword: commit [0-9a-f]{12} carries "@deploy" \(checked [0-9a-f]{7}\.\.[0-9a-f]{7} \(3 commits\)\)/);
  });

  it('ends skipped with the reason when no pushed commit carries @deploy; the running container stays', async () => {
    const before = (await containersOf(componentId)).map((c) => c.Id);
    const base = await repo.git('rev-parse', 'HEAD');
    await repo.version('v2');
    const head = await repo.commit('only docs');
    const res = await push(base, head);
    expect(res.status, res.text).toBe(202);
    const d = await waitFinal(h, String(res.json?.deployId));
    expect(d.state).toBe('skipped');
    expect(d.reason).toBe(
      `no commit message in ${base.slice(0, 7)}..${head.slice(0, 7)} (2 commits) contains "@deploy" (read from the repository; the webhook payload lists no messages)`,
    );
    expect((await containersOf(componentId)).map((c) => c.Id)).toEqual(before);
    expect(await httpText(port)).toBe('200 v1');
  });

  it('tag pushes and deletions are ignored with a reason; a wrong signature is 401; nothing is deployed', async () => {
    const deploys = h.store.data.deploys.length;
    const head = await repo.git('rev-parse', 'HEAD');
    const tag = await push(ZERO, head, SECRET, { ref: 'v2.0.0', refType: 'TAG', type: 'ADD' });
    expect(tag.json).toEqual({ status: 'ignored', reason: 'tag push ("v2.0.0"); this component follows branch "main"' });
    const deletion = await push(head, ZERO, SECRET, { type: 'DELETE' });
    expect(deletion.json).toEqual({ status: 'ignored', reason: 'branch "main" was deleted' });
    const forged = await push(head, head, 'not-the-secret');
    expect(forged.status).toBe(401);
    expect(h.store.data.deploys.length).toBe(deploys);
  });
});
