import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { describeDocker, ensureBaseImage } from '../support/docker';
import { startGitHttpServer } from './git-http-server';
import type { GitHttpServer } from './git-http-server';
import type { Harness } from './helpers';
import { GitRepo, cleanupComponents, createComponent, deployAndWait, openHarness, run, uniqueName } from './helpers';

const TOKEN = 'tok_8fJ2kq9XzR4mW7pL';

await describeDocker('private git repository over https-style auth (token never in argv, logs or DB)', () => {
  let h: Harness;
  let repo: GitRepo;
  let server: GitHttpServer;
  const names = [uniqueName('priv'), uniqueName('priv')];
  const ids: string[] = [];

  beforeAll(async () => {
    await ensureBaseImage();
    repo = await GitRepo.create();
    await repo.version('p1');
    await run('git', ['clone', '-q', '--bare', repo.dir, join(repo.dir, 'served', 'app.git')]);
    server = await startGitHttpServer(join(repo.dir, 'served'), 'deployer', TOKEN);
    h = await openHarness();
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
    await repo?.remove();
    await cleanupComponents(ids, names);
  });

  it('checks out with the stored token and keeps it out of every trace', async () => {
    const id = await createComponent(h, {
      name: names[0],
      source: { type: 'git', repo: `${server.url}/app.git`, branch: 'main', username: 'deployer' },
      gitToken: TOKEN,
      deploy: { healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 } },
    });
    ids.push(id);
    const d = await deployAndWait(h, id);
    expect(d.state, d.reason).toBe('succeeded');
    expect(server.requests).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200)); // the last /proc scan
    expect(server.leaks).toEqual([]);

    const base64 = Buffer.from(`deployer:${TOKEN}`).toString('base64');
    const db = await readFile(join(h.dataDir, 'db.json'), 'utf8');
    expect(db).not.toContain(TOKEN);
    expect(db).not.toContain(base64);
    for (const f of await readdir(join(h.dataDir, 'logs'))) {
      const text = await readFile(join(h.dataDir, 'logs', f), 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(base64);
    }
  });

  it('without the token the checkout fails at once with a clear reason', async () => {
    const id = await createComponent(h, { name: names[1], source: { type: 'git', repo: `${server.url}/app.git`, branch: 'main' } });
    ids.push(id);
    const d = await deployAndWait(h, id);
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^build failed: git fetch failed: .*(Authentication failed|could not read Username|401)/s);
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(/checkout: fetching branch main of http:\/\/127\.0\.0\.1:\d+\/app\.git/);
  });
});
