import { describe, expect, it } from 'vitest';
import { deploySettings } from '../../../../../shared/schemas/component';
import type { StoredComponent } from '../../../store/document';
import { componentsRouted, emptyConfig, parseServerName, proxyPlan, publishedPortsOf, routedAlias, upstreamAlias, withComponentRoutes } from './proxy-plan';

const comp = (deploy: Record<string, unknown>, id = 'c_abc'): StoredComponent => ({ id, name: 'web', deploy: deploySettings.parse(deploy) }) as unknown as StoredComponent;

describe('proxyPlan', () => {
  it('puts fixed TCP host ports behind the proxy: forced when zeroDowntime is true, automatic when unset, never when false', () => {
    const ports = [
      { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80 },
      { hostIp: '', hostPort: 9000, containerPort: 9000 },
    ];
    const mappings = ['127.0.0.1:8080:80', '9000:9000/tcp'];
    expect(proxyPlan(comp({ ports: mappings, zeroDowntime: true }))).toEqual({ proxied: true, ports, auto: false });
    expect(proxyPlan(comp({ ports: mappings }))).toEqual({ proxied: true, ports, auto: true });
    expect(proxyPlan(comp({ ports: mappings, zeroDowntime: false }))).toEqual({ proxied: false });
  });

  it('automatic mode leaves quietly what the proxy cannot carry', () => {
    expect(proxyPlan(comp({ ports: ['8080:80', '53:53/udp'] }))).toEqual({ proxied: false });
    expect(proxyPlan(comp({ ports: ['8080'] }))).toEqual({ proxied: false });
    expect(proxyPlan(comp({}))).toEqual({ proxied: false });
    expect(proxyPlan(comp({ ports: ['80:80'], target: 'swarm' }))).toEqual({ proxied: false });
  });

  it('says why a component that asked for it cannot have it', () => {
    expect(proxyPlan(comp({ ports: ['53:53/udp'], zeroDowntime: true }))).toMatchObject({ proxied: false, why: expect.stringMatching(/UDP.*layer-4/) });
    expect(proxyPlan(comp({ ports: ['8080'], zeroDowntime: true }))).toMatchObject({ proxied: false, why: expect.stringMatching(/no fixed host port/) });
    expect(proxyPlan(comp({ zeroDowntime: true }))).toMatchObject({ proxied: false, why: expect.stringMatching(/no port/) });
    expect(proxyPlan(comp({ ports: ['80:80'], zeroDowntime: true, target: 'swarm' }))).toEqual({ proxied: false });
  });
});

describe('routes in the Caddy config', () => {
  const port = { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80 };
  it('switches one component without touching another, and reads the routes back', () => {
    const a = withComponentRoutes(emptyConfig(), 'c_a', [port], upstreamAlias('d_1'));
    const b = withComponentRoutes(a, 'c_b', [{ hostIp: '', hostPort: 9000, containerPort: 9000 }], 'ad-b');
    const switched = withComponentRoutes(b, 'c_a', [port], upstreamAlias('d_2'));
    expect(routedAlias(switched, 'c_a')).toBe(upstreamAlias('d_2'));
    expect(routedAlias(switched, 'c_b')).toBe('ad-b');
    expect(componentsRouted(switched)).toEqual(new Set(['c_a', 'c_b']));
    expect(publishedPortsOf(switched).map((p) => `${p.hostIp}|${p.hostPort}`).sort()).toEqual(['127.0.0.1|8080', '|9000']);
    expect(routedAlias(withComponentRoutes(switched, 'c_a', [], null), 'c_a')).toBeNull();
    // the input is not changed
    expect(routedAlias(b, 'c_a')).toBe(upstreamAlias('d_1'));
  });

  it('aliases are lower-case DNS names, one per deploy', () => {
    expect(upstreamAlias('d_AbC-_xyz12345')).toMatch(/^ad-[0-9a-f]{20}$/);
    expect(upstreamAlias('d_a')).not.toBe(upstreamAlias('d_A'));
    expect(parseServerName('autodeploy|c_x|::1|80')).toEqual({ componentId: 'c_x', hostIp: '::1', hostPort: 80 });
    expect(parseServerName('autodeploy|c_x||80')).toEqual({ componentId: 'c_x', hostIp: '', hostPort: 80 });
  });
});
