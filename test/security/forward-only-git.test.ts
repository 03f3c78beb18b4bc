/**
 * Issue 11.2 (git): a webhook only moves a component forward. A captured signed push of an
 * older commit, replayed with a new delivery id, is skipped "older than what runs" and the
 * newer commit keeps running; a force push deploys only while it is the branch head; a
 * person's explicit deploy of the older commit still works. Real serve, real git, real engine.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { freePort } from '../support/registry';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { GitRepo, cleanupComponents, httpText } from '../deploy/helpers';
import { githubHeaders } from '../webhooks/fixtures';
import { createServed, post } from './serve-hooks';
import type { ServedComponent } from './serve-hooks';

const SECRET = 'forward-only-secret-1';

interface DeployRow {
  id: string;
  state: string;
  reason?: string;
  result?: { commit?: string };
}

await describeDocker('git webhooks only move forward (real serve, git, engine)', () => {
  let dir: string;
  let serve: ServeProcess;
  let repo: GitRepo;
  let c: ServedComponent;
  let port: number;
  const name = `fwd-${Math.random().toString(16).slice(2, 10)}`;

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
  async function waitFinal(deployId: string): Promise<DeployRow> {
    for (let i = 0; i < 900; i++) {
      const d = (await (await serve.api(`/deploys/${deployId}`)).json()) as DeployRow;
      if (['succeeded', 'failed', 'rolled-back', 'superseded', 'cancelled', 'skipped'].includes(d.state)) return d;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`deploy ${deployId} did not end`);
  }
  async function deliver(body: string, delivery: string): Promise<DeployRow> {
    const answer = await post(c.urls.git, githubHeaders('push', body, SECRET, delivery), body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    return waitFinal(String(answer.json?.deployId));
  }

  beforeAll(async () => {
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'ad-sec-fwd-'));
    serve = await startServe({ dataDir: dir });
    repo = await GitRepo.create();
    port = await freePort();
    c = await createServed(serve, {
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      triggers: { git: { enabled: true, keyword: '' } },
      secret: SECRET,
      deploy: { ports: [`127.0.0.1:${port}:8080`], healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } },
    });
  });
  afterAll(async () => {
    await serve?.stop();
    await repo?.remove();
    await cleanupComponents(c ? [c.id] : [], [name]);
    await rm(dir, { recursive: true, force: true });
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
    const res = await serve.api(`/components/${c.id}/deploy`, { method: 'POST', json: { commit: v2 } });
    expect(res.status).toBe(200);
    const d = await waitFinal(((await res.json()) as { id: string }).id);
    expect(d.state, d.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 v2');
  });
});
