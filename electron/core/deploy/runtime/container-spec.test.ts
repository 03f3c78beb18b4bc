import { describe, expect, it } from 'vitest';
import { deployIdOfOldName, isOldName, oldContainerName, parsePort } from './container-spec';

describe('parsePort', () => {
  it('reads every form the component schema accepts', () => {
    expect(parsePort('8080')).toEqual({ containerPort: 8080, protocol: 'tcp' });
    expect(parsePort('18080:8080')).toEqual({ containerPort: 8080, protocol: 'tcp', hostPort: 18080 });
    expect(parsePort('127.0.0.1:18080:8080/udp')).toEqual({ containerPort: 8080, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 18080 });
    expect(parsePort('[::1]:18080:8080')).toEqual({ containerPort: 8080, protocol: 'tcp', hostIp: '::1', hostPort: 18080 });
    expect(parsePort('127.0.0.1::8080')).toEqual({ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1' });
  });
});

describe('old container names', () => {
  it('round-trips the deploy id', () => {
    const name = oldContainerName('web', 'd_abc-1_xyz789');
    expect(isOldName(name)).toBe(true);
    expect(deployIdOfOldName(name)).toBe('d_abc-1_xyz789');
    expect(isOldName('autodeploy-web')).toBe(false);
    expect(isOldName('autodeploy-my-old-app')).toBe(false);
  });
});
