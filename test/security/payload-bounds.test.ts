/**
 * Issue 11.4: strings stored from a payload are bounded and carry no control characters or
 * terminal escapes. 30 signed pushes with a 1 MB pusher and a 40 KB repository name against
 * the real `serve`: db.json stays small, and neither the deploy records, the delivery log nor
 * the deploy's text log carry an escape sequence.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { githubHeaders, githubPush } from '../webhooks/fixtures';
import { createServed, post } from './serve-hooks';

const SECRET = 'bounds-secret-0123456789';
const REPO = 'https://git.example.invalid/acme/app.git';
const ESC = '\u001b';
let dir: string;
let serve: ServeProcess;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-sec-bounds-'));
  serve = await startServe({ dataDir: dir });
});
afterAll(async () => {
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface DeployRow {
  id: string;
  state: string;
  trigger: { pusher?: string; message?: string; ref?: string };
}

it('30 pushes with a 1 MB pusher leave db.json small and no escapes anywhere', async () => {
  const c = await createServed(serve, {
    name: 'bounded',
    source: { type: 'git', repo: REPO, branch: 'main' },
    triggers: { git: { enabled: true, keyword: '' } },
    secret: SECRET,
  });
  for (let i = 0; i < 30; i++) {
    // a new commit each time (one already queued would be answered "already asks for this version")
    const after = (i + 1).toString(16).padStart(40, 'a');
    const payload = githubPush({ after, messages: [`${ESC}[31mred${ESC}]0;owned title\u0007 line ${i}\r\nsecond line`] });
    payload.pusher = { name: `${ESC}[2J` + 'p'.repeat(1_000_000), email: 'x@example.com' };
    (payload.repository as Record<string, unknown>).full_name = `acme/${'n'.repeat(40_000)}`;
    (payload.repository as Record<string, unknown>).clone_url = REPO;
    const body = JSON.stringify(payload);
    const answer = await post(c.urls.git, githubHeaders('push', body, SECRET), body);
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
  }
  // every deploy ends (the repository's host does not resolve)
  let deploys: DeployRow[] = [];
  for (let t = 0; t < 600; t++) {
    deploys = (await (await serve.api(`/deploys?componentId=${c.id}&limit=100`)).json()) as DeployRow[];
    if (deploys.length === 30 && deploys.every((d) => !['queued', 'building', 'pulling', 'deploying'].includes(d.state))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(deploys).toHaveLength(30);
  for (const d of deploys) {
    expect(d.trigger.pusher?.length).toBeLessThanOrEqual(200);
    expect(d.trigger.pusher).not.toContain(ESC);
    expect(d.trigger.message).toMatch(/^red line \d+/);
  }
  const log = await (await serve.api(`/deploys/${deploys[0].id}/log`)).text();
  // eslint-disable-next-line no-control-regex
  expect(log).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  const deliveries = JSON.stringify(await (await serve.api(`/deliveries?componentId=${c.id}`)).json());
  expect(deliveries.length).toBeLessThan(100_000);
  expect(deliveries).not.toContain('\\u001b');

  await serve.stop();
  expect((await stat(join(dir, 'db.json'))).size).toBeLessThan(500_000);
});
