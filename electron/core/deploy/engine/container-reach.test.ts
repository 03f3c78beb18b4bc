import { describe, expect, it } from 'vitest';
import { containerAddressesOutOfReach } from './container-reach';

const here = { platform: 'linux' as const, localSocket: true, securityOptions: ['name=apparmor', 'name=seccomp,profile=builtin', 'name=cgroupns'], operatingSystem: 'Debian GNU/Linux 12 (bookworm)' };

describe('containerAddressesOutOfReach', () => {
  it('is null for a rootful engine on this Linux host over its socket', () => {
    expect(containerAddressesOutOfReach(here)).toBeNull();
  });

  it('names each case where the bridge is out of reach', () => {
    expect(containerAddressesOutOfReach({ ...here, platform: 'darwin' })).toMatch(/VM/);
    expect(containerAddressesOutOfReach({ ...here, platform: 'win32' })).toMatch(/VM/);
    expect(containerAddressesOutOfReach({ ...here, operatingSystem: 'Docker Desktop' })).toMatch(/Docker Desktop/);
    expect(containerAddressesOutOfReach({ ...here, localSocket: false })).toMatch(/remote/);
    expect(containerAddressesOutOfReach({ ...here, securityOptions: ['name=seccomp,profile=default', 'name=rootless'] })).toMatch(/rootless/);
    expect(containerAddressesOutOfReach({ ...here, securityOptions: ['name=rootless,foo=bar'] })).toMatch(/rootless/);
  });
});
