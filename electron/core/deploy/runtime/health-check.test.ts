import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../engine/container-engine';
import { FakeContainerEngine } from '../engine/fake-engine';
import { HealthCheckFailed, ProbeTimeout, probeUrl, waitHealthy } from './health-check';

const container = (ports: ContainerDetails['ports']): ContainerDetails => ({
  id: 'x',
  name: 'x',
  imageId: 'sha256:x',
  image: 'x',
  labels: {},
  running: true,
  status: 'running',
  exitCode: 0,
  oomKilled: false,
  startedAt: '',
  restartCount: 0,
  health: 'none',
  ports,
});

describe('probeUrl', () => {
  it('uses a full URL as given and a path on the first published TCP port', () => {
    const c = container([
      { containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 5353 },
      { containerPort: 8080, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 18080 },
    ]);
    expect(probeUrl('http://example.test/health', c)).toBe('http://example.test/health');
    expect(probeUrl('/health', c)).toBe('http://127.0.0.1:18080/health');
    expect(probeUrl('health', container([{ containerPort: 80, protocol: 'tcp', hostIp: '::1', hostPort: 9 }]))).toBe('http://[::1]:9/health');
  });
  it('says why a path cannot be probed without a published port', () => {
    expect(() => probeUrl('/health', container([]))).toThrow(HealthCheckFailed);
  });
});

describe('ProbeTimeout', () => {
  it('starts short and doubles only after attempts that timed out, up to the cap', () => {
    const t = new ProbeTimeout(1000);
    expect(t.current).toBe(250);
    t.after('ECONNREFUSED');
    t.after(503);
    expect(t.current).toBe(250);
    t.after('no answer in time');
    expect(t.current).toBe(500);
    t.after('no answer in time');
    t.after('no answer in time');
    expect(t.current).toBe(1000);
  });
});

describe('waitHealthy (on the in-memory engine)', () => {
  const RUN = ['/bin/sh', '-c', "trap 'exit 0' TERM; sleep 600 & wait"];
  const hc = (script: string) => ({ test: ['CMD-SHELL', script], intervalMs: 50, retries: 2 });
  const settings = { timeoutSeconds: 5, stableSeconds: 0.1 };

  async function started(engine: FakeContainerEngine, image: string): Promise<string> {
    const id = await engine.createContainer({ name: image.replace(/\W/g, '-'), image, env: {}, ports: [], volumes: [], restart: 'no', labels: {} });
    await engine.startContainer(id);
    return id;
  }

  it("waits for the container's own health check, running it where the engine does not (Podman)", async () => {
    // the image itself says nothing (Podman's image inspect omits it): the container does
    const engine = new FakeContainerEngine({ runsHealthChecks: false });
    engine.addImage('hc:ok', { cmd: RUN, healthcheck: hc('true') });
    const id = await started(engine, 'hc:ok');
    const lines: string[] = [];
    await waitHealthy({ engine, containerId: id, imageHasHealthcheck: false, healthcheck: settings, log: (l) => lines.push(l) });
    expect(lines).toEqual(["health: waiting for the container's HEALTHCHECK (up to 5s)", 'health: health check: healthy']);
    expect((await engine.inspectContainer(id))?.health).toBe('healthy');
  });

  it('an unhealthy verdict fails with the check output', async () => {
    const engine = new FakeContainerEngine({ runsHealthChecks: true });
    engine.addImage('hc:bad', { cmd: RUN, healthcheck: hc('echo db unreachable; exit 1') });
    const id = await started(engine, 'hc:bad');
    await expect(waitHealthy({ engine, containerId: id, imageHasHealthcheck: true, healthcheck: settings, log: () => undefined })).rejects.toThrow(
      new HealthCheckFailed("the container's HEALTHCHECK reports unhealthy: db unreachable"),
    );
  });

  it('says so when there is no health check, and asks only that the container keeps running', async () => {
    const engine = new FakeContainerEngine();
    engine.addImage('plain:1', { cmd: RUN });
    const id = await started(engine, 'plain:1');
    const lines: string[] = [];
    await waitHealthy({ engine, containerId: id, imageHasHealthcheck: false, healthcheck: settings, log: (l) => lines.push(l) });
    expect(lines).toEqual(['health: no health check; the container must keep running for 0.1s', 'health: no health check; still running after 0.1s']);
  });

  it('a container that exits fails at once with its exit code', async () => {
    const engine = new FakeContainerEngine();
    engine.addImage('exits:1', { cmd: ['/bin/sh', '-c', 'exit 4'] });
    const id = await started(engine, 'exits:1');
    await expect(waitHealthy({ engine, containerId: id, imageHasHealthcheck: false, healthcheck: settings, log: () => undefined })).rejects.toThrow(
      'the container exited with code 4',
    );
  });
});
