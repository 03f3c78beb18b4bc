/**
 * Issue 11.1: a repository that commits `<context>/.autodeploy.Dockerfile` as a symlink to a
 * host file, plus a Dockerfile outside the context, must not get that host file written.
 * Real git, real engine: the deploy builds from the outside Dockerfile and the host file keeps
 * its bytes.
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDocker, ensureBaseImage, BASE_IMAGE } from '../support/docker';
import { freePort } from '../support/registry';
import type { Harness } from '../deploy/helpers';
import { GitRepo, SERVE, cleanupComponents, createComponent, deployAndWait, httpText, openHarness, publishedOn, uniqueName } from '../deploy/helpers';

await describeDocker('a symlink committed where the outside Dockerfile goes (real git, real engine)', () => {
  let h: Harness;
  let repo: GitRepo;
  let hostDir: string;
  const name = uniqueName('symlink');
  const ids: string[] = [];

  beforeAll(async () => {
    await ensureBaseImage();
    h = await openHarness();
    repo = await GitRepo.create();
    hostDir = await mkdtemp(join(tmpdir(), 'ad-victim-'));
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await rm(hostDir, { recursive: true, force: true });
    await cleanupComponents(ids, [name]);
  });

  it('leaves the host file untouched and builds from docker/Dockerfile', async () => {
    const victim = join(hostDir, 'authorized_keys');
    await writeFile(victim, 'original host content\n');
    await repo.write({
      'docker/Dockerfile': `FROM ${BASE_IMAGE}\nCOPY version /www/version\n# ssh-ed25519 AAAA attacker\n${SERVE}\n`,
      'app/version': 'from-outside-dockerfile\n',
    });
    await symlink(victim, join(repo.dir, 'app/.autodeploy.Dockerfile'));
    const commit = await repo.commit('symlink trap');

    const port = await freePort();
    const id = await createComponent(h, {
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main', context: 'app', dockerfile: 'docker/Dockerfile' },
      deploy: publishedOn(port),
    });
    ids.push(id);
    const d = await deployAndWait(h, id, { commit });

    expect(await readFile(victim, 'utf8')).toBe('original host content\n');
    expect(d.state, d.reason).toBe('succeeded');
    expect(await httpText(port)).toBe('200 from-outside-dockerfile');
  });

  it('does not create a host file through a dangling symlink either', async () => {
    const absent = join(hostDir, 'created-by-a-commit');
    await rm(join(repo.dir, 'app/.autodeploy.Dockerfile'));
    await symlink(absent, join(repo.dir, 'app/.autodeploy.Dockerfile'));
    const commit = await repo.commit('dangling symlink trap');
    const d = await deployAndWait(h, ids[0], { commit });
    await expect(readFile(absent)).rejects.toThrow(/ENOENT/);
    expect(d.state, d.reason).toBe('succeeded');
  });
});
