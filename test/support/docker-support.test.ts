import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HTTPD_CMD, describeDocker, ensureBaseImage } from './docker';
import { startRegistry } from './registry';
import type { TestRegistry } from './registry';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

await describeDocker('test support: base image and loopback registry', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('builds a busybox base image that can serve HTTP', async () => {
    const image = await ensureBaseImage();
    const info = await new Docker().getImage(image).inspect();
    expect(info.Size).toBeLessThan(5_000_000);
    expect(HTTPD_CMD[0]).toBe('/bin/sh');
  });

  it('pushes to and pulls from the loopback registry', async () => {
    const image = await ensureBaseImage();
    const ref = `${registry.host}/support/check:v1`;
    await run('docker', ['tag', image, ref]);
    await run('docker', ['push', ref]);
    const res = await fetch(`http://${registry.host}/v2/support/check/tags/list`);
    expect(await res.json()).toEqual({ name: 'support/check', tags: ['v1'] });
    await run('docker', ['rmi', ref]);
  });
});
