import { beforeEach, describe, expect, it } from 'vitest';
import { storedComponentFixture } from '../../../../test/support/stored-component';
import { FakeContainerEngine } from '../engine/fake-engine';
import { ContainerConflict, replaceContainer } from './container-replace';

const SERVE = ['/bin/sh', '-c', "echo serving; trap 'exit 0' TERM; httpd -f -p 8080 & wait"];
const CRASH = ['/bin/sh', '-c', 'echo fatal: no config >&2; exit 7'];

describe('replaceContainer (on the in-memory engine)', () => {
  let engine: FakeContainerEngine;
  const component = storedComponentFixture({ name: 'app' });
  const lines: string[] = [];
  const replace = (image: string, deployId: string) =>
    replaceContainer({ engine, component, image, imageHasHealthcheck: false, deployId, log: (l) => lines.push(l) });

  beforeEach(() => {
    engine = new FakeContainerEngine();
    engine.addImage('app:v1', { cmd: SERVE });
    engine.addImage('app:v2', { cmd: SERVE });
    engine.addImage('app:crash', { cmd: CRASH });
    lines.length = 0;
  });

  it('a first deploy starts the container under the component name, labelled', async () => {
    const out = await replace('app:v1', 'd_aaaaaaaaaaaa');
    expect(out).toMatchObject({ ok: true });
    const c = await engine.inspectContainer('autodeploy-app');
    expect(c).toMatchObject({ running: true, labels: { 'autodeploy.component': component.id, 'autodeploy.deploy': 'd_aaaaaaaaaaaa' } });
    expect(lines).toContain('swap: no previous container');
  });

  it('a second deploy replaces the container and removes the old one', async () => {
    const first = await replace('app:v1', 'd_aaaaaaaaaaaa');
    const second = await replace('app:v2', 'd_bbbbbbbbbbbb');
    expect(second.ok).toBe(true);
    expect(engine.containerIds()).toEqual([second.ok && second.containerId]);
    expect(await engine.inspectContainer(first.ok ? first.containerId : '')).toBeNull();
    expect((await engine.inspectContainer('autodeploy-app'))?.image).toBe('app:v2');
  });

  it('a new container that exits is removed and the old one restored and started', async () => {
    const first = await replace('app:v1', 'd_aaaaaaaaaaaa');
    const out = await replace('app:crash', 'd_cccccccccccc');
    expect(out).toMatchObject({ ok: false, hadPrevious: true, restored: true, cancelled: false });
    if (out.ok) return;
    expect(out.reason).toBe('the container exited with code 7');
    expect(out.lastLines).toContain('fatal: no config');
    expect(engine.containerIds()).toEqual([first.ok && first.containerId]);
    expect(await engine.inspectContainer('autodeploy-app')).toMatchObject({ running: true, image: 'app:v1' });
  });

  it('without a previous container a failure restores nothing', async () => {
    const out = await replace('app:crash', 'd_cccccccccccc');
    expect(out).toMatchObject({ ok: false, hadPrevious: false, restored: false });
    expect(engine.containerIds()).toEqual([]);
  });

  it("refuses to touch a same-named container that is not the component's", async () => {
    await engine.createContainer({ name: 'autodeploy-app', image: 'app:v1', env: {}, ports: [], volumes: [], restart: 'no', labels: {} });
    await expect(replace('app:v2', 'd_aaaaaaaaaaaa')).rejects.toBeInstanceOf(ContainerConflict);
  });
});
