import { describe, expect, it } from 'vitest';
import { loopbackOnly, publishedAddresses, publishedOnAllInterfaces } from './published-address';

describe('publishedAddresses', () => {
  it('one URL per published tcp port; every-interface bindings shown at 127.0.0.1; IPv6 bracketed', () => {
    const ports = [
      { hostIp: '0.0.0.0', hostPort: 32771, protocol: 'tcp' },
      { hostIp: '::', hostPort: 32771, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 8081, protocol: 'tcp' },
      { hostIp: '::1', hostPort: 8082, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 5353, protocol: 'udp' },
    ];
    expect(publishedAddresses(ports)).toEqual(['http://127.0.0.1:32771', 'http://127.0.0.1:8081', 'http://[::1]:8082']);
    expect(publishedOnAllInterfaces(ports)).toBe(true);
    expect(publishedOnAllInterfaces(ports.slice(2))).toBe(false);
  });
});

describe('loopbackOnly', () => {
  it('binds a mapping to 127.0.0.1, keeping its ports', () => {
    expect(loopbackOnly('8080')).toBe('127.0.0.1::8080');
    expect(loopbackOnly('8081:80')).toBe('127.0.0.1:8081:80');
    expect(loopbackOnly('0.0.0.0:8081:80/tcp')).toBe('127.0.0.1:8081:80/tcp');
    expect(loopbackOnly('not a port')).toBe('not a port');
  });
});
