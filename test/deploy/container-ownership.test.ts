import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDeployLog } from '../../electron/core/deploy/job/deploy-log';
import { BASE_IMAGE, HTTPD_CMD, describeDocker, ensureBaseImage } from '../support/docker';
import { freePort } from '../support/registry';
import type { Harness } from './helpers';
import { GitRepo, cleanupComponents, containersOf, createComponent, deployAndWait, docker, httpText, openHarness, run, uniqueName } from './helpers';

await describeDocker('containers the app owns, adopts, and never touches; settings kept across replacements', () => {
  let h: Harness;
  let repo: GitRepo;
  const names: string[] = [];
  const ids: string[] = [];
  const foreign: string[] = [];
  const volume = uniqueName('ad-vol');
  const network = uniqueName('ad-net');

  beforeAll(async () => {
    await ensureBaseImage();
    h = await openHarness();
    repo = await GitRepo.create();
    await repo.version('o1');
    await run('docker', ['network', 'create', network]);
  });
  afterAll(async () => {
    await h?.close();
    await repo?.remove();
    await cleanupComponents(ids, names);
    for (const c of foreign) await docker.getContainer(c).remove({ force: true }).catch(() => undefined);
    await run('docker', ['volume', 'rm', '-f', volume]).catch(() => undefined);
    await run('docker', ['network', 'rm', network]).catch(() => undefined);
  });

  async function component(extra: Record<string, unknown> = {}, deploy: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    const name = uniqueName('own');
    names.push(name);
    const id = await createComponent(h, {
      name,
      source: { type: 'git', repo: repo.dir, branch: 'main' },
      deploy: { healthcheck: { timeoutSeconds: 30, stableSeconds: 0.5 }, ...deploy },
      ...extra,
    });
    ids.push(id);
    return { id, name };
  }

  /** A container the user made by hand (no labels of ours). */
  async function handMade(containerName: string, port?: number): Promise<string> {
    const c = await docker.createContainer({
      name: containerName,
      Image: BASE_IMAGE,
      Cmd: HTTPD_CMD,
      ...(port ? { HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } }, ExposedPorts: { '8080/tcp': {} } } : {}),
    });
    await c.start();
    foreign.push(c.id);
    return c.id;
  }

  it('refuses to replace a same-named container that is not ours, and leaves it alone', async () => {
    const { id, name } = await component();
    const theirs = await handMade(`autodeploy-${name}`);
    const d = await deployAndWait(h, id);
    expect(d.state).toBe('failed');
    expect(d.reason).toMatch(/exists and is not managed by Auto Deploy/);
    expect(await readDeployLog(h.dataDir, d.id)).not.toMatch(/build:/); // refused before any work
    const after = await docker.getContainer(theirs).inspect();
    expect(after.State.Running).toBe(true);
    expect(after.Name).toBe(`/autodeploy-${name}`);
  });

  it('adopts a container the user names: it is replaced, and removed once the new one is healthy', async () => {
    const port = await freePort();
    const legacyName = uniqueName('legacy');
    const legacy = await handMade(legacyName, port);
    const bystander = await handMade(uniqueName('bystander'));
    const { id, name } = await component({}, { ports: [`127.0.0.1:${port}:8080`], adoptContainer: legacyName });
    const d = await deployAndWait(h, id);
    expect(d.state, d.reason).toBe('succeeded');
    expect(await readDeployLog(h.dataDir, d.id)).toMatch(new RegExp(`swap: adopting container ${legacyName}`));
    expect(await docker.getContainer(legacy).inspect().then(() => 'exists', () => 'gone')).toBe('gone');
    expect((await containersOf(id)).map((c) => c.Names[0])).toEqual([`/autodeploy-${name}`]);
    expect(await httpText(port)).toBe('200 o1');
    expect((await docker.getContainer(bystander).inspect()).State.Running).toBe(true);
  });

  it('keeps ports, env, volumes, restart policy, command and network across replacements', async () => {
    const port = await freePort();
    const { id } = await component(
      {},
      {
        ports: [`127.0.0.1:${port}:8080`],
        env: { MODE: 'prod', GREETING: 'hello world' },
        volumes: [`${volume}:/data`],
        restart: 'on-failure',
        network,
        command: ['/bin/sh', '-c', "echo $MODE > /www/mode; trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"],
      },
    );
    for (const v of ['o2', 'o3']) {
      await repo.version(v);
      const d = await deployAndWait(h, id);
      expect(d.state, d.reason).toBe('succeeded');
      const [c] = await containersOf(id);
      const info = await docker.getContainer(c.Id).inspect();
      expect(info.Config.Env).toEqual(expect.arrayContaining(['MODE=prod', 'GREETING=hello world']));
      expect(info.HostConfig.Binds).toEqual([`${volume}:/data`]);
      expect(info.HostConfig.RestartPolicy?.Name).toBe('on-failure');
      expect(info.HostConfig.NetworkMode).toBe(network);
      expect(info.HostConfig.PortBindings).toEqual({ '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] });
      expect(info.Config.Cmd?.[0]).toBe('/bin/sh');
      expect(await httpText(port)).toBe(`200 ${v}`);
      expect(await httpText(port, '/mode')).toBe('200 prod');
    }
  });
});
