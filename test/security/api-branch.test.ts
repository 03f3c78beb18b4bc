/** Issue 11.8: the custom API with a branch other than the component's is a 400 with the reason, not a 503 "retry later". */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { createServed, post } from './serve-hooks';

let dir: string;
let serve: ServeProcess;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ad-sec-branch-'));
  serve = await startServe({ dataDir: dir });
});
afterAll(async () => {
  await serve?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('answers 400 naming both branches, and queues nothing', async () => {
  const c = await createServed(serve, {
    name: 'branchy',
    source: { type: 'git', repo: 'https://git.example.com/acme/app.git', branch: 'main' },
    secretKey: 'api-key-branch-1234',
  });
  const answer = await post(c.urls.api, { 'content-type': 'application/json' }, JSON.stringify({ secret_key: 'api-key-branch-1234', branch: 'dev' }));
  expect(answer.status).toBe(400);
  expect(JSON.stringify(answer.json)).toMatch(/branch main, not dev/);
  const deploys = (await (await serve.api(`/deploys?componentId=${c.id}`)).json()) as { deploys?: unknown[] } | unknown[];
  expect(Array.isArray(deploys) ? deploys : deploys.deploys).toEqual([]);
});
