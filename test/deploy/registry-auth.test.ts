/**
 * Pull refusals name their cause, on every engine: a private registry (docker-registry with
 * htpasswd) and a wrong password says the username/password was refused; no credentials says
 * credentials are needed; the right ones and a missing tag says there is no such tag.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../support/engines';
import { startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import type { Harness } from './helpers';
import { cleanupComponents, createComponent, deployAndWait, openHarness, uniqueName } from './helpers';

const ACCOUNT = { username: 'deployer', password: 'right-horse-battery' };

await describeEngines('private registry: pull refusals say why', (e) => {
  let h: Harness;
  let registry: TestRegistry;
  const ids: string[] = [];

  async function deployWith(credentials: { username: string; password: string } | undefined, tag: string) {
    const id = await createComponent(h, {
      name: uniqueName('regauth'),
      source: { type: 'image', image: `${registry.host}/team/private:${tag}`, ...(credentials ? { registryUsername: credentials.username } : {}) },
      ...(credentials ? { registryPassword: credentials.password } : {}),
    });
    ids.push(id);
    return deployAndWait(h, id);
  }

  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: ACCOUNT });
    h = await openHarness(undefined, { engine: e.engine });
  });
  afterAll(async () => {
    await h?.close();
    await cleanupComponents(ids, [], e.docker);
    await registry?.stop();
  });

  it('a wrong password: the registry refused the username/password', async () => {
    const d = await deployWith({ username: ACCOUNT.username, password: 'wrong-password' }, 'v1');
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/^pull failed: registry: the registry refused the username\/password for 127\.0\.0\.1:\d+\/team\/private/);
    expect(d.reason).not.toContain('wrong-password');
  });

  it('no credentials: says it needs them and where they come from', async () => {
    const d = await deployWith(undefined, 'v1');
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/needs credentials \(docker login or the component's credentials\)/);
  });

  it('the right account and a tag that does not exist: no such tag', async () => {
    const d = await deployWith(ACCOUNT, 'v404');
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/no such tag: team\/private:v404/);
  });
});
