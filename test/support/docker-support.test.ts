import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HTTPD_CMD, describeDocker, ensureBaseImage } from './docker';
import { freePort, startRegistry } from './registry';
import type { TestRegistry } from './registry';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
    const docker = new Docker();
    const info = await docker.getImage(image).inspect();
    expect(info.Size).toBeLessThan(5_000_000);
    const port = await freePort();
    const container = await docker.createContainer({
      name: `support-httpd-${randomBytes(4).toString('hex')}`,
      Image: image,
      Cmd: HTTPD_CMD,
      ExposedPorts: { '8080/tcp': {} },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    try {
      await container.start();
      let body = '';
      for (let i = 0; i < 100 && body === ''; i++) {
        body = await fetch(`http://127.0.0.1:${port}/`).then((r) => (r.ok ? r.text() : ''), () => '');
        if (body === '') await new Promise((r) => setTimeout(r, 100));
      }
      expect(body).toBe('base\n');
      // HTTPD_CMD exits at once on SIGTERM, so stopping needs no kill timeout
      await container.stop({ t: 10 });
      expect((await container.inspect()).State.ExitCode).toBe(0);
    } finally {
      await container.remove({ force: true });
    }
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
