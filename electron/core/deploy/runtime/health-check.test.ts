import { describe, expect, it } from 'vitest';
import type { ContainerDetails } from '../engine/container-engine';
import { HealthCheckFailed, ProbeTimeout, probeUrl } from './health-check';

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
