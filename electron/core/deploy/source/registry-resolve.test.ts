import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageRef } from '../../../../shared/image-ref';
import { dockerConfigCredentials } from './registry-auth';
import { parseChallenge, resolveTag } from './registry-resolve';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

/**
 * A loopback stand-in for a public registry's auth flows (Docker Hub's token service, a
 * Basic-auth registry): the real public registries are out of reach from tests.
 */
function fakeRegistry(): Promise<{ server: Server; host: string }> {
  const server = createServer((req, res) => {
    const host = req.headers.host!;
    const url = new URL(req.url!, `http://${host}`);
    if (url.pathname === '/token') {
      if (req.headers.authorization !== basic('alice', 's3cret-pass')) return void res.writeHead(401).end();
      expect(url.searchParams.get('scope')).toBe('repository:team/bearer:pull');
      expect(url.searchParams.get('service')).toBe('fake');
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'T-123' }));
    }
    if (url.pathname === '/v2/team/bearer/manifests/v1') {
      if (req.headers.authorization !== 'Bearer T-123') {
        return void res
          .writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="fake",scope="repository:team/bearer:pull"` })
          .end();
      }
      expect(req.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
      return void res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    }
    if (url.pathname === '/v2/team/basic/manifests/v1') {
      if (req.headers.authorization !== basic('alice', 's3cret-pass')) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="reg"' }).end();
      return void res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    }
    if (url.pathname === '/v2/team/forbidden/manifests/v1') {
      // the account is known but may not pull this repository
      if (req.headers.authorization !== basic('alice', 's3cret-pass')) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="reg"' }).end();
      return void res.writeHead(403).end();
    }
    if (url.pathname === '/v2/team/nodigest/manifests/v1') {
      // answers HEAD without the digest header; the body is the manifest
      return void res.writeHead(200, { 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' }).end(req.method === 'GET' ? '{"m":1}' : undefined);
    }
    res.writeHead(404).end();
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('resolveTag (registry v2 API)', () => {
  let reg: { server: Server; host: string };
  beforeAll(async () => {
    reg = await fakeRegistry();
  });
  afterAll(() => new Promise<void>((r) => reg.server.close(() => r())));

  const creds = { username: 'alice', password: 's3cret-pass' };

  it('follows the Bearer token challenge with credentials', async () => {
    expect(await resolveTag({ ref: parseImageRef(`${reg.host}/team/bearer:v1`), credentials: creds })).toMatchObject({ digest: DIGEST });
  });
  it('answers Basic challenges', async () => {
    expect(await resolveTag({ ref: parseImageRef(`${reg.host}/team/basic:v1`), credentials: creds })).toMatchObject({ digest: DIGEST });
    await expect(resolveTag({ ref: parseImageRef(`${reg.host}/team/basic:v1`) })).rejects.toMatchObject({ kind: 'unauthorized' });
  });
  it('refuses without the right credentials, and says when a tag is missing', async () => {
    await expect(resolveTag({ ref: parseImageRef(`${reg.host}/team/bearer:v1`), credentials: { username: 'alice', password: 'wrong' } })).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    await expect(resolveTag({ ref: parseImageRef(`${reg.host}/team/none:v9`) })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(resolveTag({ ref: parseImageRef('127.0.0.1:1/team/x:v1'), timeoutMs: 2000 })).rejects.toMatchObject({ kind: 'network' });
  });
  it('names the cause of a refusal: wrong username/password, no credentials, not allowed, no such tag', async () => {
    const ref = (path: string): ReturnType<typeof parseImageRef> => parseImageRef(`${reg.host}/team/${path}`);
    await expect(resolveTag({ ref: ref('basic:v1'), credentials: { username: 'alice', password: 'wrong' } })).rejects.toThrow(
      `the registry refused the username/password for ${reg.host}/team/basic (401)`,
    );
    await expect(resolveTag({ ref: ref('basic:v1') })).rejects.toThrow(`${reg.host}/team/basic needs credentials (docker login or the component's credentials) (401)`);
    await expect(resolveTag({ ref: ref('forbidden:v1'), credentials: creds })).rejects.toThrow(`not allowed to pull ${reg.host}/team/forbidden`);
    await expect(resolveTag({ ref: ref('none:v9') })).rejects.toThrow(`no such tag: team/none:v9 does not exist on ${reg.host}`);
  });
  it('hashes the manifest when the registry sends no digest header', async () => {
    const expected = `sha256:${createHash('sha256').update('{"m":1}').digest('hex')}`;
    expect((await resolveTag({ ref: parseImageRef(`${reg.host}/team/nodigest:v1`) })).digest).toBe(expected);
  });
  it('parses challenges', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' },
    });
  });
});

describe('docker login credentials from config.json', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ad-dockercfg-'));
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'registry.example.com:5000': { auth: Buffer.from('bob:pa:ss').toString('base64') },
          'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
        },
      }),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds auths entries by registry host, Docker Hub included, and notes it without the secret', async () => {
    const notes: string[] = [];
    expect(await dockerConfigCredentials('registry.example.com:5000', (n) => notes.push(n), dir)).toEqual({ username: 'bob', password: 'pa:ss' });
    expect(await dockerConfigCredentials('docker.io', (n) => notes.push(n), dir)).toEqual({ username: 'hubuser', password: 'hubpass' });
    expect(await dockerConfigCredentials('other.example.com', (n) => notes.push(n), dir)).toBeUndefined();
    expect(notes.join('\n')).not.toMatch(/pa:ss|hubpass/);
    expect(notes).toHaveLength(2);
  });
});

describe('docker credential helpers (credHelpers, credsStore)', () => {
  let reg: { server: Server; host: string };
  let dir: string;
  let askedLog: string;
  const savedPath = process.env.PATH;
  beforeAll(async () => {
    reg = await fakeRegistry();
    dir = await mkdtemp(join(tmpdir(), 'ad-credhelper-'));
    askedLog = join(dir, 'asked.log');
    // The helper protocol: `docker-credential-<name> get`, the server on stdin, JSON on stdout;
    // an unknown server is exit 1 with a message, like the real helpers.
    const helper = (name: string, user: string) =>
      writeFile(
        join(dir, `docker-credential-${name}`),
        [
          '#!/bin/sh',
          `[ "$1" = get ] || exit 2`,
          'read -r server',
          `echo "${name} $server" >> '${askedLog}'`,
          `[ "$server" = '${reg.host}' ] || { echo 'credentials not found in native keychain'; exit 1; }`,
          `printf '{"ServerURL":"%s","Username":"${user}","Secret":"s3cret-pass"}' "$server"`,
        ].join('\n'),
        { mode: 0o755 },
      );
    await helper('per-registry', 'alice');
    await helper('store', 'alice');
    process.env.PATH = `${dir}:${savedPath ?? ''}`;
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await new Promise<void>((r) => reg.server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  const configWith = async (config: object): Promise<string> => {
    const cfg = await mkdtemp(join(dir, 'cfg-'));
    await writeFile(join(cfg, 'config.json'), JSON.stringify(config));
    return cfg;
  };

  for (const [name, config] of [
    ['credHelpers', (host: string) => ({ credHelpers: { [host]: 'per-registry' } })],
    ['credsStore', () => ({ credsStore: 'store' })],
  ] as const) {
    it(`${name}: the helper's credentials reach the registry's token service`, async () => {
      const cfg = await configWith(config(reg.host));
      const notes: string[] = [];
      const credentials = await dockerConfigCredentials(reg.host, (n) => notes.push(n), cfg);
      expect(credentials).toEqual({ username: 'alice', password: 's3cret-pass' });
      // the fake registry answers only with alice's token, got with her password
      expect(await resolveTag({ ref: parseImageRef(`${reg.host}/team/bearer:v1`), credentials })).toMatchObject({ digest: DIGEST });
      expect(notes.join('\n')).toMatch(/docker-credential-/);
      expect(notes.join('\n')).not.toContain('s3cret-pass');
    });
  }

  it('a helper that knows no credentials for the registry falls back to auths, then to none', async () => {
    const withAuths = await configWith({ credsStore: 'store', auths: { 'other.example.com': { auth: Buffer.from('bob:pw').toString('base64') } } });
    expect(await dockerConfigCredentials('other.example.com', () => undefined, withAuths)).toEqual({ username: 'bob', password: 'pw' });
    expect(await dockerConfigCredentials('third.example.com', () => undefined, withAuths)).toBeUndefined();
    const missing = await configWith({ credHelpers: { [reg.host]: 'not-installed' } });
    expect(await dockerConfigCredentials(reg.host, () => undefined, missing)).toBeUndefined();
    expect(await readFile(askedLog, 'utf8')).toContain('store other.example.com');
  });
});
