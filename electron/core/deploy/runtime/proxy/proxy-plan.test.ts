import { describe, expect, it } from 'vitest';
import { deploySettings } from '../../../../../shared/schemas/component';
import type { StoredComponent } from '../../../store/document';
import { NAMES_SERVER, componentsRouted, emptyConfig, isLocalNameUrl, localHostOf, localNameUrl, parseServerName, proxyPlan, publishedPortsOf, routedAlias, upstreamAlias, withComponentRoutes, withNamesPort } from './proxy-plan';

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

describe('local names (<name>.localhost on one loopback port)', () => {
  const web = { hostIp: '', hostPort: 8080, containerPort: 80 };
  const api = { hostIp: '127.0.0.1', hostPort: 9000, containerPort: 3000 };
  const hostsOf = (config: ReturnType<typeof emptyConfig>): string[] =>
    (config.apps?.http?.servers?.[NAMES_SERVER]?.routes ?? []).filter((r) => r.match).map((r) => `${r.match?.[0].host[0]} -> ${r.handle[0].upstreams?.[0].dial}`);

  it('routes each component by name to its first port, published on loopback beside the component ports', () => {
    let config = withComponentRoutes(emptyConfig(), 'c_web', [web], 'ad-1', { host: localHostOf('web'), port: 7781 });
    config = withComponentRoutes(config, 'c_api', [api], 'ad-2', { host: localHostOf('my_api'), port: 7781 });
    expect(hostsOf(config)).toEqual(['web.localhost -> ad-1:80', 'my-api.localhost -> ad-2:3000']);
    expect(publishedPortsOf(config).map((p) => `${p.hostIp}|${p.hostPort}`).sort()).toEqual(['127.0.0.1|7781', '127.0.0.1|9000', '|8080']);
    // a swap re-points the name with the ports
    config = withComponentRoutes(config, 'c_web', [web], 'ad-3', { host: 'web.localhost', port: 7781 });
    expect(hostsOf(config)).toEqual(['my-api.localhost -> ad-2:3000', 'web.localhost -> ad-3:80']);
    // the names server is not a component's server; its last route answers unknown names
    expect(componentsRouted(config)).toEqual(new Set(['c_web', 'c_api']));
    expect(config.apps?.http?.servers?.[NAMES_SERVER]?.routes.at(-1)?.handle[0]).toMatchObject({ handler: 'static_response', status_code: 404 });
  });

  it('goes with the last route, and with the port turned off', () => {
    const one = withComponentRoutes(emptyConfig(), 'c_web', [web], 'ad-1', { host: 'web.localhost', port: 7781 });
    expect(withComponentRoutes(one, 'c_web', [], null).apps?.http?.servers?.[NAMES_SERVER]).toBeUndefined();
    const moved = withNamesPort(one, 7790);
    expect(moved.apps?.http?.servers?.[NAMES_SERVER]?.listen).toEqual([':7790']);
    expect(publishedPortsOf(withNamesPort(one, 0)).map((p) => p.hostPort)).toEqual([8080]);
    // without names, nothing about them appears
    expect(withComponentRoutes(emptyConfig(), 'c_web', [web], 'ad-1', null).apps?.http?.servers?.[NAMES_SERVER]).toBeUndefined();
  });

  it('URLs by name are recognised as such', () => {
    expect(localNameUrl({ host: 'web.localhost', port: 7781 })).toBe('http://web.localhost:7781');
    expect(isLocalNameUrl('http://web.localhost:7781')).toBe(true);
    expect(isLocalNameUrl('http://127.0.0.1:7781')).toBe(false);
  });
});
