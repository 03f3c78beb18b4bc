/**
 * Issue 11.2 (git): a webhook only moves a component forward. A captured signed push of an
 * older commit, replayed with a new delivery id, is skipped "older than what runs" and the
 * newer commit keeps running; a force push deploys only while it is the branch head; a
 * person's explicit deploy of the older commit still works. Real serve, real git, real engine.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDocker } from '../support/docker';
import { freePort } from '../support/registry';
import { GitRepo, httpText, publishedOn, uniqueName } from '../deploy/helpers';
import { githubHeaders } from '../webhooks/fixtures';
import { post } from './serve-hooks';
import type { ServedComponent } from './serve-hooks';
import { useServedSuite, type DeployRow } from './served-suite';

const SECRET = 'forward-only-secret-1';

await describeDocker('git webhooks only move forward (real serve, git, engine)', () => {
  const suite = useServedSuite('ad-sec-fwd-');
  let repo: GitRepo;
  let c: ServedComponent;
  let port: number;

  const pushBody = (sha: string, message: string): string =>
    JSON.stringify({
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: sha,
      head_commit: { id: sha, message },
      commits: [{ id: sha, message }],
      pusher: { name: 'dev' },
      repository: { full_name: 'local/repo', clone_url: repo.dir },
    });
  async function deliver(body: string, delivery: string): Promise<DeployRow> {
    const answer = await post(c.urls.git, githubHeaders('push', body, SECRET, delivery), body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    return suite.waitFinal(String(answer.json?.deployId));
  }

  beforeAll(async () => {
    repo = await GitRepo.create();
    port = await freePort();
    c = await suite.component({
      name: uniqueName('fwd'),
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      triggers: { git: { enabled: true, keyword: '' } },
      secret: SECRET,
      deploy: publishedOn(port),
    });
  });
  afterAll(async () => {
    await repo?.remove();
  });

  let v1: string;
  let v2: string;
  let v1Body: string;

  it('a replayed older push (new delivery id, same signed body) is skipped; the newer commit keeps running', async () => {
    v1 = await repo.version('v1');
    v1Body = pushBody(v1, 'version v1');
    expect((await deliver(v1Body, 'delivery-1')).state).toBe('succeeded');
    v2 = await repo.version('v2');
    expect((await deliver(pushBody(v2, 'version v2'), 'delivery-2')).state).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v2');

    const replay = await deliver(v1Body, 'delivery-1-replayed');
    expect(replay.state).toBe('skipped');
    expect(replay.reason).toMatch(/older than what runs/);
    expect(await httpText(port)).toBe('200 v2');
    const again = await deliver(pushBody(v2, 'version v2'), 'delivery-2-replayed');
    expect(again.state).toBe('skipped');
    expect(await httpText(port)).toBe('200 v2');
  });

  it('a force push deploys while it is the branch head, and not once it is no longer', async () => {
    await repo.git('reset', '-q', '--hard', v1);
    const forced = await repo.version('v3-forced');
    const forcedBody = pushBody(forced, 'version v3-forced');
    expect((await deliver(forcedBody, 'delivery-3')).state).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v3-forced');

    // the branch is force-pushed back to a line holding v2, then v4 on top: a late
    // delivery of the now-diverged v2 lineage's old head is neither ahead nor the head
    await repo.git('reset', '-q', '--hard', v2);
    const v4 = await repo.version('v4');
    const stale = await deliver(pushBody(v2, 'version v2'), 'delivery-2-late');
    expect(stale.state).toBe('skipped');
    expect(stale.reason).toMatch(/does not descend from what runs .* and is not the head of main/);
    expect(await httpText(port)).toBe('200 v3-forced');
    expect((await deliver(pushBody(v4, 'version v4'), 'delivery-4')).state).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v4');
  });

  it('an explicit deploy of an older commit (deploy now) is not refused', async () => {
    const res = await suite.serve.api(`/components/${c.id}/deploy`, { method: 'POST', json: { commit: v2 } });
    expect(res.status).toBe(200);
    const d = await suite.waitFinal(((await res.json()) as { id: string }).id);
    expect(d.state, d.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v2');
  });
});
