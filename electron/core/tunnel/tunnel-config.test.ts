import { describe, expect, it } from 'vitest';
import { TUNNEL_SUBDOMAIN_MESSAGE, isTunnelSubdomain } from '../../../shared/tunnel-subdomain';
import { settings, settingsPatch } from '../../../shared/schemas/settings';
import { connectableHost, normalizeHost, readTunnelConfig } from './tunnel-config';

const tunnel = (host: string, subdomain?: string) => ({ host, subdomain, autoStart: false });

describe('tunnel config', () => {
  it('normalizes the host and keeps a valid subdomain', () => {
    expect(readTunnelConfig(tunnel(' https://lt.example.org// ', 'my-hooks'), '127.0.0.1', 7780)).toEqual({
      host: 'https://lt.example.org',
      subdomain: 'my-hooks',
      localHost: '127.0.0.1',
      localPort: 7780,
    });
    expect(readTunnelConfig(tunnel('http://localhost:1234', ''), '127.0.0.1', 1).subdomain).toBeUndefined();
  });

  it('rejects hosts the client cannot use, with the reason', () => {
    expect(() => normalizeHost('localtunnel.me')).toThrow('tunnel server "localtunnel.me" is not a URL (expected e.g. https://localtunnel.me)');
    expect(() => normalizeHost('ftp://x.org')).toThrow(/must be an http:\/\/ or https:\/\/ URL/);
    expect(() => normalizeHost('https://x.org/?a=1')).toThrow(/query or fragment/);
    expect(() => normalizeHost('https://u:p@x.org')).toThrow(/credentials/);
  });

  it('rejects an invalid subdomain and a listener that is not listening', () => {
    expect(() => readTunnelConfig(tunnel('https://x.org', 'My_App'), '127.0.0.1', 1)).toThrow(`requested subdomain "My_App": ${TUNNEL_SUBDOMAIN_MESSAGE}`);
    expect(() => readTunnelConfig(tunnel('https://x.org', '-abcd'), '127.0.0.1', 1)).toThrow(/Invalid subdomain/);
    // the real server refuses a hyphenated name under 6 characters on every retry (docs/tunnel.md §4)
    expect(() => readTunnelConfig(tunnel('https://x.org', 'ab-c1'), '127.0.0.1', 1)).toThrow(/Invalid subdomain/);
    expect(() => readTunnelConfig(tunnel('https://x.org'), '127.0.0.1', 0)).toThrow(/not listening/);
  });

  it('never points the tunnel at a forbidden port (the control API)', () => {
    expect(() => readTunnelConfig(tunnel('https://x.org'), '127.0.0.1', 7781, [7781])).toThrow(
      "refusing to tunnel to port 7781: it is not the webhook listener's port",
    );
    expect(readTunnelConfig(tunnel('https://x.org'), '127.0.0.1', 7780, [7781]).localPort).toBe(7780);
  });

  it('maps wildcard bind addresses to loopback', () => {
    expect(connectableHost('0.0.0.0')).toBe('127.0.0.1');
    expect(connectableHost('::')).toBe('::1');
    expect(connectableHost('')).toBe('127.0.0.1');
    expect(connectableHost('192.168.1.20')).toBe('192.168.1.20');
  });

  it('uses the real server\'s subdomain rule, in settings changes too (old stored names still load)', () => {
    // checked against localtunnel/server (docs/tunnel.md §4)
    for (const ok of ['abcd', '1234', 'ab-cde', 'a--------b', 'a'.repeat(63), 'a'.repeat(65), `a${'-'.repeat(63)}b`]) expect(isTunnelSubdomain(ok), ok).toBe(true);
    for (const bad of ['abc', 'ab-cd', 'ab-c1', '-abcde', 'abcde-', 'my_app', 'my.app', 'MyApp', 'a'.repeat(66)]) {
      expect(isTunnelSubdomain(bad), bad).toBe(false);
    }
    const patch = settingsPatch.safeParse({ tunnel: { subdomain: 'ab-c1' } });
    expect(patch.success).toBe(false);
    expect(patch.error?.issues[0]).toMatchObject({ path: ['tunnel', 'subdomain'], message: TUNNEL_SUBDOMAIN_MESSAGE });
    expect(settingsPatch.parse({ tunnel: { subdomain: 'ab-cde' } }).tunnel?.subdomain).toBe('ab-cde');
    expect(settings.parse({ tunnel: { subdomain: 'ab-c1' } }).tunnel.subdomain).toBe('ab-c1');
  });
});
