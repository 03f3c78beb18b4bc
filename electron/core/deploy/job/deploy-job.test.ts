import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deploy, DeployTarget } from '../../../../shared/schemas/deploy';
import { storedComponentFixture } from '../../../../test/support/stored-component';
import type { SecretSealer } from '../../store/sealer';
import { EngineUnreachableError } from '../engine/engine-errors';
import { JobFailed } from '../errors';
import { FakeContainerEngine } from '../engine/fake-engine';
import type { JobContext } from './deploy-job';
import { runDeployJob } from './deploy-job';

const SERVE = ['/bin/sh', '-c', "trap 'exit 0' TERM; httpd -f -p 8080 & wait"];
// port 1 refuses at once: the registry check is skipped as unreachable and the engine pulls
const IMAGE = '127.0.0.1:1/team/app';
const sealer: SecretSealer = { kind: 'file', seal: (s) => s, unseal: (s) => s };

describe('runDeployJob (on the in-memory engine)', () => {
  let engine: FakeContainerEngine;
  let workDir: string;
  let n = 0;
  const component = storedComponentFixture({ name: 'app', source: { type: 'image', image: `${IMAGE}:latest` } });
  const deploys = new Map<string, Deploy>();
  const ctx = (): JobContext => ({ engine, sealer, workDir, findDeploy: (id) => deploys.get(id) });

  async function job(target: DeployTarget = {}) {
    const deploy: Deploy = {
      id: `d_job${String(++n).padStart(9, '0')}`,
      componentId: component.id,
      componentName: component.name,
      state: 'queued',
      trigger: { kind: 'manual' },
      target,
      createdAt: new Date().toISOString(),
    };
    const states: string[] = [];
    const lines: string[] = [];
    const outcome = await runDeployJob(ctx(), component, deploy, (l) => lines.push(l), async (s) => void states.push(s), new AbortController().signal);
    deploys.set(deploy.id, { ...deploy, state: outcome.state, ...(outcome.result ? { result: outcome.result } : {}) });
    return { outcome, states, lines, deploy };
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'ad-job-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    engine = new FakeContainerEngine();
    engine.publish(`${IMAGE}:latest`, { cmd: SERVE });
    engine.publish(`${IMAGE}:crash`, { cmd: ['/bin/sh', '-c', 'echo boom >&2; exit 2'] });
  });

  it('pulls the tag and runs it: succeeded, with the image and container it ran', async () => {
    const { outcome, states, lines } = await job();
    expect(outcome.state).toBe('succeeded');
    expect(states).toEqual(['pulling', 'deploying']);
    expect(outcome.result).toMatchObject({ image: `${IMAGE}:latest`, tag: 'latest' });
    expect(outcome.result?.digest).toMatch(/^sha256:/);
    expect(outcome.running?.containerId).toBe((await engine.inspectContainer('autodeploy-app'))?.id);
    expect(lines.some((l) => l.startsWith('registry: cannot reach the registry'))).toBe(true);
  });

  it('a crashing new image is rolled back to the running one, with its last lines', async () => {
    const first = await job();
    const { outcome } = await job({ tag: 'crash' });
    expect(outcome.state).toBe('rolled-back');
    expect(outcome.reason).toMatch(/^the container exited with code 2\nLast lines of the new container:\nboom$/);
    expect((await engine.inspectContainer('autodeploy-app'))?.id).toBe(first.outcome.running?.containerId);
  });

  it('with nothing to go back to, a crash is a failure that says so', async () => {
    const { outcome } = await job({ tag: 'crash' });
    expect(outcome.state).toBe('failed');
    expect(outcome.reason).toContain('and there was no previous container to go back to');
  });

  it('a tag the registry does not have fails the pull and changes nothing', async () => {
    // thrown as JobFailed: the manager records it as the deploy's reason
    await expect(job({ tag: 'v404' })).rejects.toThrow(JobFailed);
    await expect(job({ tag: 'v404' })).rejects.toThrow(/^pull failed: manifest for .*:v404 not found/);
    expect(engine.containerIds()).toEqual([]);
  });

  it('a rollback puts back the image of an earlier deploy', async () => {
    const first = await job();
    engine.publish(`${IMAGE}:latest`, { cmd: SERVE });
    const second = await job();
    expect(second.outcome.result?.imageId).not.toBe(first.outcome.result?.imageId);
    const back = await job({ image: first.outcome.result!.imageId!, rollbackOf: first.deploy.id });
    expect(back.outcome.state).toBe('succeeded');
    expect((await engine.inspectContainer('autodeploy-app'))?.imageId).toBe(first.outcome.result?.imageId);
    expect(back.lines[0]).toMatch(/^rollback: putting back sha256:/);
  });

  it('an engine that does not answer fails before any work', async () => {
    engine.unreachable = true;
    await expect(job()).rejects.toBeInstanceOf(EngineUnreachableError);
  });
});
