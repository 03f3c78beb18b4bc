/**
 * A corpus of hostile and malformed requests against the real listener: path tricks, bad
 * methods, bad JSON, wrong content types, wrong/missing/truncated signatures for every
 * provider, stale timestamps, oversize bodies (declared and streamed), invalid tags and
 * repository names, unicode, raw malformed HTTP, replays, and a hostile tag pattern stored
 * behind the validator's back. Every one is answered 4xx (or 200 ignored/duplicate where the
 * answer table says so), no deploy is requested, and the listener is healthy afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentCreate, componentPatch } from '../../shared/schemas/component';
import { evaluateTag } from '../../shared/tag-rule';
import { HEALTH_BODY } from '../../electron/core/webhooks/health-answer';
import { DEFAULT_API_KEY, DEFAULT_SECRET, addComponent, githubHeaders, githubPush, hmacHex, send, sendRaw, startEnv } from './fixtures';
import type { AddedComponent, TestEnv } from './fixtures';

type Expect = number | number[] | 'ignored' | 'duplicate';
interface Case {
  name: string;
  expect: Expect;
  run: (from: Record<string, string>) => Promise<{ status: number; json?: Record<string, unknown>; text: string }>;
}

const LIMIT = 32 * 1024;
let env: TestEnv;
let git: AddedComponent;
let image: AddedComponent;
let signedImage: AddedComponent;
let bomb: AddedComponent;
let hookId: string;
const replays: { path: string; headers: Record<string, string>; body: string }[] = [];

beforeAll(async () => {
  env = await startEnv({ bodyLimit: LIMIT });
  git = await addComponent(env, { keyword: 'deploy' });
  image = await addComponent(env, { image: 'registry.example.com/team/web:v1.0', tagPattern: 'v1.*' });
  signedImage = await addComponent(env, { image: 'registry.example.com/team/web:v1.0', tagPattern: 'v1.*', secret: DEFAULT_SECRET });
  // A pattern that the save-time validator refuses, stored directly: matching must still
  // neither hang nor deploy.
  // a backreference, which RE2 refuses: stored as if validation had been skipped (an old or edited file)
  bomb = await addComponent(env, { image: 'registry.example.com/team/bomb:v1', tagPattern: '(a)\\1' });
  hookId = git.hookId;
  // Deliveries that are legitimately queued once; the corpus replays them.
  const push = JSON.stringify(githubPush());
  for (let i = 0; i < 5; i++) {
    const headers = githubHeaders('push', push, DEFAULT_SECRET, `replayed-${i}`);
    const res = await send(env.url, { path: git.path('git'), headers, body: push });
    expect(res.status).toBe(202);
    replays.push({ path: git.path('git'), headers, body: push });
  }
  const ev = JSON.stringify({ events: [{ id: 'replayed-event', action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/web', tag: 'v1.1', digest: `sha256:${'e'.repeat(64)}` } }] });
  const evHeaders = { 'content-type': 'application/vnd.docker.distribution.events.v1+json' };
  expect((await send(env.url, { path: image.path('image'), headers: evHeaders, body: ev })).status).toBe(202);
  replays.push({ path: image.path('image'), headers: evHeaders, body: ev });
});
afterAll(async () => env.close());

const json = { 'content-type': 'application/json' };
const post = (path: string, headers: Record<string, string>, body: string | Buffer, from: Record<string, string>) =>
  send(env.url, { path, headers: { ...headers, ...from }, body });

function pathCases(): Case[] {
  const id = () => hookId;
  const paths = [
    () => '/hooks/../healthz',
    () => `/hooks/../hooks/${id()}/git`,
    () => `/hooks/${id()}/../${id()}/git`,
    () => `/hooks/${id()}/git/../api`,
    () => `/hooks/${id()}/./git`,
    () => `/hooks/%2e%2e/${id()}/git`,
    () => `/hooks/${id()}/%2e%2e/git`,
    () => `/hooks/${id()}%2fgit`,
    () => `/hooks/${id()}/git%00`,
    () => `/hooks/${id()}/git%2f`,
    () => `/hooks/${id()}//git`,
    () => `//hooks/${id()}/git`,
    () => `/HOOKS/${id()}/git`,
    () => `/hooks/${id()}/GIT`,
    () => `/hooks/${id()}/git;jsessionid=1`,
    () => `/hooks/${id()}/deploy`,
    () => `/hooks/${id()}`,
    () => `/hooks/${id()}/`,
    () => '/hooks/',
    () => '/hooks',
    () => `/hooks/${id().toUpperCase()}/git`,
    () => `/hooks/${id().slice(0, -1)}/git`,
    () => `/hooks/${id()}x/git`,
    () => `/hooks/${'a'.repeat(4000)}/git`,
    () => '/hooks/short/git',
    () => `/hooks/${id()}/git/extra`,
    () => '/../../etc/passwd',
    () => '/',
    () => '/favicon.ico',
    () => `/api/hooks/${id()}/git`,
    () => `/hooks/%${id()}/git`,
    () => `/hooks/${encodeURIComponent('ü'.repeat(30))}/git`,
    () => `/hooks/${id()}/%67it`,
  ];
  const push = JSON.stringify(githubPush());
  return paths.map((p, i) => ({
    name: `path trick #${i} ${p().slice(0, 60)}`,
    expect: 404,
    run: (from) => post(p(), githubHeaders('push', push, DEFAULT_SECRET), push, from),
  }));
}

function methodCases(): Case[] {
  return ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'].flatMap((method) =>
    (['git', 'image', 'api'] as const).map((kind) => ({
      name: `${method} ${kind}`,
      expect: 404,
      run: (from: Record<string, string>) => send(env.url, { method, path: git.path(kind), headers: { ...from }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' }),
    })),
  );
}

function badBodyCases(): Case[] {
  const bodies: [string, string | Buffer, Expect][] = [
    ['empty', '', 400],
    ['truncated', '{"ref":"refs/heads/main"', 400],
    ['null', 'null', 400],
    ['array', '[]', 400],
    ['string', '"push"', 400],
    ['number', '42', 400],
    ['ref not a string', '{"ref":5}', 400],
    ['no repository', '{"ref":"refs/heads/main","after":"4d2a8b9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7"}', 400],
    ['bad commit id', JSON.stringify({ ...githubPush(), after: 'HEAD; rm -rf /' }), 400],
    ['commit id as option', JSON.stringify({ ...githubPush(), head_commit: { id: '--upload-pack=touch /tmp/x', message: '@deploy' } }), 400],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
    ['BOM before JSON', '\ufeff' + JSON.stringify(githubPush()), 400],
    ['deep nesting', '['.repeat(15000) + ']'.repeat(15000), 400],
    ['trailing garbage', JSON.stringify(githubPush()) + 'garbage', 400],
    ['NaN literal', '{"ref": NaN}', 400],
    ['single quotes', "{'ref': 'refs/heads/main'}", 400],
    ['control chars in ref', JSON.stringify({ ...githubPush(), ref: 'refs/heads/ma\u0000in' }), 400],
    ['ref too long', JSON.stringify({ ...githubPush(), ref: `refs/heads/${'b'.repeat(300)}` }), 400],
    ['notes ref', JSON.stringify({ ...githubPush(), ref: 'refs/notes/commits' }), 'ignored'],
    ['unicode branch', JSON.stringify(githubPush({ ref: 'refs/heads/功能/部署' })), 'ignored'],
    ['lone surrogate message', JSON.stringify(githubPush({ messages: ['\ud800 no keyword'] })), 'ignored'],
    ['repo urls wrong types', JSON.stringify({ ...githubPush(), repository: { clone_url: 5, ssh_url: ['x'], html_url: null } }), 400],
    ['proto pollution', '{"__proto__":{"ref":"refs/heads/main"},"constructor":{"prototype":{"x":1}}}', 400],
  ];
  const cases: Case[] = bodies.map(([name, body, exp]) => ({
    name: `signed bad body: ${name}`,
    expect: exp,
    run: (from) => post(git.path('git'), { ...githubHeaders('push', '', undefined), 'x-hub-signature-256': `sha256=${hmacHex(DEFAULT_SECRET, body)}` }, body, from),
  }));
  const types = ['text/xml', 'multipart/form-data; boundary=x', 'application/octet-stream', 'image/png', 'application/javascript', 'text/html'];
  for (const type of types) {
    const body = JSON.stringify(githubPush());
    cases.push({ name: `content type ${type}`, expect: 400, run: (from) => post(git.path('git'), { ...githubHeaders('push', body, DEFAULT_SECRET), 'content-type': type }, body, from) });
    cases.push({ name: `api content type ${type}`, expect: 400, run: (from) => post(git.path('api'), { 'content-type': type }, JSON.stringify({ secret_key: DEFAULT_API_KEY }), from) });
  }
  const formNoPayload = 'ref=refs%2Fheads%2Fmain';
  cases.push({
    name: 'form without payload',
    expect: 400,
    run: (from) => post(git.path('git'), { ...githubHeaders('push', formNoPayload, DEFAULT_SECRET), 'content-type': 'application/x-www-form-urlencoded' }, formNoPayload, from),
  });
  return cases;
}

function signatureCases(): Case[] {
  const body = JSON.stringify(githubPush());
  const good = hmacHex(DEFAULT_SECRET, body);
  const sigs = [
    `sha256=${good.slice(0, 63)}`,
    `sha256=${good.slice(0, 32)}`,
    `sha256=${good}0`,
    `sha256=${'0'.repeat(64)}`,
    `sha1=${good.slice(0, 40)}`,
    `sha512=${good}`,
    good,
    'sha256=',
    '',
    ' ',
    `sha256=${good.replace(/[0-9]/, 'g')}`,
    `sha256=${hmacHex(DEFAULT_SECRET, body + ' ')}`,
    `sha256=${hmacHex('another secret', body)}`,
    `sha256=${hmacHex(DEFAULT_API_KEY, body)}`,
    `sha256=${Buffer.from(good, 'hex').toString('base64')}`,
    `sha256 = ${good}`,
  ];
  const cases: Case[] = sigs.map((sig, i) => ({
    name: `GitHub signature #${i}`,
    expect: 401,
    run: (from) => post(git.path('git'), { ...githubHeaders('push', body), 'x-hub-signature-256': sig }, body, from),
  }));
  cases.push({ name: 'GitHub no signature', expect: 401, run: (from) => post(git.path('git'), githubHeaders('push', body), body, from) });
  cases.push({ name: 'GitHub legacy sha1 only', expect: 401, run: (from) => post(git.path('git'), { ...githubHeaders('push', body), 'x-hub-signature': `sha1=${good.slice(0, 40)}` }, body, from) });
  cases.push({ name: 'GitHub ping unsigned', expect: 401, run: (from) => post(git.path('git'), githubHeaders('ping', '{}'), '{}', from) });

  const giteeHeaders = (token: string, ts?: string) => ({ ...json, 'x-gitee-event': 'Push Hook', 'x-gitee-token': token, ...(ts ? { 'x-gitee-timestamp': ts } : {}) });
  for (const [name, h] of [
    ['wrong password', giteeHeaders('nope')],
    ['empty token', giteeHeaders('')],
    ['signature of another secret', giteeHeaders('eni4QHVwP/y3BB7L9Txp13lxsE8HQenehcMnjcmjBbc=', '1741070045123')],
    ['old timestamp, right shape', giteeHeaders('AbEvusCKxqRkBtTr4fD47SGVP/mRwlt48iuUYMFRloI=', '1672135206524')],
    ['non-numeric timestamp', giteeHeaders('x', 'yesterday')],
    ['broken percent-encoding', giteeHeaders('%E0%A4%A', String(Date.now()))],
  ] as const) {
    cases.push({ name: `Gitee ${name}`, expect: 401, run: (from) => post(git.path('git'), h, body, from) });
  }
  for (const token of ['', 'wrong', DEFAULT_SECRET.toUpperCase(), `x${DEFAULT_SECRET}`, DEFAULT_SECRET.slice(0, -1), DEFAULT_API_KEY]) {
    cases.push({ name: `GitLab token ${JSON.stringify(token)}`, expect: 401, run: (from) => post(git.path('git'), { ...json, 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': token }, body, from) });
  }
  cases.push({ name: 'GitLab stale standard-webhooks signature', expect: 401, run: (from) => post(git.path('git'), { ...json, 'x-gitlab-event': 'Push Hook', 'webhook-id': 'a', 'webhook-timestamp': '1000', 'webhook-signature': 'v1,AAAA' }, body, from) });
  for (const [name, header] of [['Gitea', 'x-gitea'], ['Gogs', 'x-gogs'], ['Forgejo', 'x-forgejo']] as const) {
    for (const sig of ['', 'zz', good.slice(1), hmacHex('x', body), `sha256=${good}`]) {
      cases.push({ name: `${name} signature ${sig.slice(0, 8)}`, expect: 401, run: (from) => post(git.path('git'), { ...json, [`${header}-event`]: 'push', [`${header}-signature`]: sig }, body, from) });
    }
  }
  for (const sig of [undefined, `sha256=${hmacHex('x', body)}`, good]) {
    cases.push({
      name: `Bitbucket signature ${String(sig).slice(0, 12)}`,
      expect: 401,
      run: (from) => post(git.path('git'), { ...json, 'x-event-key': 'repo:push', 'x-request-uuid': 'r', ...(sig ? { 'x-hub-signature': sig } : {}) }, body, from),
    });
  }
  const key = (v: unknown) => JSON.stringify({ secret_key: v });
  for (const [name, b] of [
    ['wrong key', key('wrong-key-1234')],
    ['empty key', key('')],
    ['number key', key(12345678)],
    ['array key', key([DEFAULT_API_KEY])],
    ['object key', key({ $ne: null })],
    ['key with space', key(`${DEFAULT_API_KEY} `)],
    ['key prefix', key(DEFAULT_API_KEY.slice(0, -1))],
    ['webhook secret as key', key(DEFAULT_SECRET)],
    ['no key', '{"tag":"v1"}'],
    ['key in query only', '{}'],
  ] as const) {
    cases.push({ name: `API ${name}`, expect: 401, run: (from) => post(name === 'key in query only' ? `${git.path('api')}?secret_key=${DEFAULT_API_KEY}` : git.path('api'), json, b, from) });
  }
  const ev = JSON.stringify({ events: [{ id: 'x', action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/web', tag: 'v1.9' } }] });
  for (const auth of ['Bearer wrong', 'Basic dXNlcjpwYXNz', '', 'Bearer', `Bearer ${DEFAULT_API_KEY}x`, `Token ${DEFAULT_API_KEY}`]) {
    cases.push({ name: `registry Authorization ${JSON.stringify(auth)}`, expect: 401, run: (from) => post(image.path('image'), { 'content-type': 'application/vnd.docker.distribution.events.v1+json', authorization: auth }, ev, from) });
  }
  const ghcr = JSON.stringify({ action: 'published', package: { name: 'web', package_type: 'CONTAINER', owner: { login: 'team' }, package_version: { container_metadata: { tag: { name: 'v1.3' } } } } });
  for (const sig of [undefined, `sha256=${hmacHex('x', ghcr)}`, 'sha256=']) {
    cases.push({ name: `GHCR signature ${String(sig).slice(0, 10)}`, expect: 401, run: (from) => post(signedImage.path('image'), { ...githubHeaders('package', ghcr), ...(sig !== undefined ? { 'x-hub-signature-256': sig } : {}) }, ghcr, from) });
  }
  return cases;
}

function oversizeCases(): Case[] {
  const big = 'x'.repeat(LIMIT + 1);
  const cases: Case[] = (['git', 'image', 'api'] as const).flatMap((kind) => [
    { name: `${kind} declared oversize`, expect: 413, run: (from: Record<string, string>) => post((kind === 'image' ? image : git).path(kind), json, big, from) },
    { name: `${kind} 4x oversize`, expect: 413, run: (from: Record<string, string>) => post(image.path(kind === 'git' ? 'api' : kind), json, big.repeat(4), from) },
  ]);
  cases.push({
    name: 'chunked oversize (no Content-Length)',
    expect: 413,
    run: async (from) => {
      const head = `POST ${git.path('git')} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Forwarded-For: ${from['x-forwarded-for']}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`;
      const chunk = `${(LIMIT + 10).toString(16)}\r\n${'y'.repeat(LIMIT + 10)}\r\n`;
      return sendRaw(env.url, head + chunk);
    },
  });
  return cases;
}

function tagCases(): Case[] {
  const badTags = ['../x', 'x'.repeat(200), '-x', '.x', 'a b', 'x/y', 'tag:1', 'tägg', 'x\u0000', '$(id)', 'v1;rm', '*'];
  const cases: Case[] = [];
  for (const tag of badTags) {
    const label = JSON.stringify(tag.slice(0, 12));
    cases.push(
      { name: `Docker Hub tag ${label}`, expect: 400, run: (from) => post(image.path('image'), json, JSON.stringify({ push_data: { tag }, repository: { repo_name: 'team/web' } }), from) },
      { name: `Aliyun tag ${label}`, expect: 400, run: (from) => post(image.path('image'), json, JSON.stringify({ push_data: { tag }, repository: { repo_full_name: 'team/web', region: 'cn-hangzhou' } }), from) },
      { name: `Quay tag ${label}`, expect: 400, run: (from) => post(image.path('image'), json, JSON.stringify({ repository: 'team/web', docker_url: 'quay.io/team/web', updated_tags: [tag] }), from) },
      {
        name: `Harbor tag ${label}`,
        expect: 400,
        run: (from) => post(image.path('image'), json, JSON.stringify({ type: 'PUSH_ARTIFACT', event_data: { resources: [{ tag, resource_url: 'h.example.com/team/web' }], repository: { repo_full_name: 'team/web' } } }), from),
      },
      {
        name: `Distribution tag ${label}`,
        expect: 400,
        run: (from) => post(image.path('image'), { 'content-type': 'application/vnd.docker.distribution.events.v2+json' }, JSON.stringify({ events: [{ id: 'i', action: 'push', target: { mediaType: 'application/vnd.oci.image.index.v1+json', repository: 'team/web', tag } }] }), from),
      },
      { name: `API tag ${label}`, expect: 400, run: (from) => post(image.path('api'), json, JSON.stringify({ secret_key: DEFAULT_API_KEY, tag }), from) },
    );
  }
  const badRepos = ['Team/Web', '../../etc', 'team//web', `${'a'.repeat(300)}/web`, 'team/web/', ''];
  for (const repo of badRepos) {
    cases.push({ name: `Docker Hub repository ${JSON.stringify(repo.slice(0, 12))}`, expect: 400, run: (from) => post(image.path('image'), json, JSON.stringify({ push_data: { tag: 'v1.5' }, repository: { repo_name: repo } }), from) });
  }
  cases.push(
    { name: 'digest-only push is ignored', expect: 'ignored', run: (from) => post(image.path('image'), json, JSON.stringify({ push_data: { tag: '' }, repository: { repo_name: 'team/web' } }), from) },
    { name: 'bad digest', expect: 400, run: (from) => post(image.path('image'), json, JSON.stringify({ push_data: { tag: 'v1.5', digest: 'sha256:xyz' }, repository: { repo_full_name: 'team/web' } }), from) },
    { name: 'bad commit in API', expect: 400, run: (from) => post(git.path('api'), json, JSON.stringify({ secret_key: DEFAULT_API_KEY, commit: '--orphan' }), from) },
    { name: 'bad branch in API', expect: 400, run: (from) => post(git.path('api'), json, JSON.stringify({ secret_key: DEFAULT_API_KEY, branch: '../main' }), from) },
    { name: 'tag on a git component', expect: 400, run: (from) => post(git.path('api'), json, JSON.stringify({ secret_key: DEFAULT_API_KEY, tag: 'v1' }), from) },
  );
  // The stored bomb pattern: refused as invalid, quickly, whatever the tag.
  for (const tag of ['a'.repeat(128), `${'a'.repeat(127)}!`.replace('!', 'b'), 'v1']) {
    cases.push({
      name: `stored hostile pattern vs ${tag.slice(0, 8)}...`,
      expect: 'ignored',
      run: (from) => post(bomb.path('image'), json, JSON.stringify({ push_data: { tag }, repository: { repo_name: 'team/bomb' } }), from),
    });
  }
  return cases;
}

function rawCases(): Case[] {
  const raw = (name: string, text: string | Buffer, exp: Expect): Case => ({ name: `raw: ${name}`, expect: exp, run: () => sendRaw(env.url, text) });
  const p = () => git.path('git');
  return [
    raw('unicode bytes in path', Buffer.concat([Buffer.from('POST /hooks/'), Buffer.from('ü'.repeat(30)), Buffer.from('/git HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')]), [400, 404]),
    raw('space in path', `POST /hooks/a b/git HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400),
    raw('negative content length', `POST /hooks/x/git HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\nConnection: close\r\n\r\n`, 400),
    raw('two content lengths', `POST /hooks/x/git HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`, 400),
    raw('CL and TE', `POST /hooks/x/git HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`, 400),
    raw('header without colon', `POST /hooks/x/git HTTP/1.1\r\nHost: x\r\nBroken header\r\nConnection: close\r\n\r\n`, 400),
    raw('huge header', `POST ${p()} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(70 * 1024)}\r\nConnection: close\r\n\r\n`, 431),
    raw('not HTTP', 'HELLO\r\n\r\n', 400),
    raw('HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', [400, 404, 505]),
    raw('bad chunk size', `POST ${p()} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`, 400),
    raw('absolute-form URL', `POST http://evil.example/hooks/${hookId}/git HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`, 404),
    raw('latin1 event header', Buffer.concat([Buffer.from(`POST ${p()} HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: `), Buffer.from([0xe9, 0xe9]), Buffer.from('\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')]), 401),
    raw('CRLF in header value', `POST ${p()} HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\rX-Injected: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`, [400, 401]),
    raw('request smuggling suffix', `POST ${p()} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}GET /healthz HTTP/1.1\r\n\r\n`, 400),
  ];
}

/**
 * Issue 11: an image component with a webhook secret refuses every sender that does not
 * authenticate (Docker Hub-, Aliyun-, Quay-shaped payloads cannot; Harbor and registry
 * notifications must send the header); unsigned pushes carrying terminal escapes or huge
 * fields are refused before anything is stored.
 */
function securityCases(): Case[] {
  const cases: Case[] = [];
  const json = { 'content-type': 'application/json' };
  const tags = ['v1.1', 'v1.2', 'v1.9', 'v1.0', 'latest', 'v1.1-rc1', 'v1.10', 'v1.3.4', 'v1.x', 'v1.0.0'];
  for (const tag of tags) {
    const target = signedImage.path('image');
    cases.push(
      { name: `unauthenticated Docker Hub ${tag}`, expect: 401, run: (from) => post(target, json, JSON.stringify({ push_data: { tag }, repository: { repo_name: 'team/web' } }), from) },
      { name: `unauthenticated Aliyun ${tag}`, expect: 401, run: (from) => post(target, json, JSON.stringify({ push_data: { tag }, repository: { repo_full_name: 'team/web', region: 'cn-hangzhou', namespace: 'team', name: 'web' } }), from) },
      { name: `unauthenticated Quay ${tag}`, expect: 401, run: (from) => post(target, json, JSON.stringify({ repository: 'team/web', docker_url: 'quay.io/team/web', updated_tags: [tag], name: 'web', namespace: 'team' }), from) },
      { name: `unauthenticated Harbor ${tag}`, expect: 401, run: (from) => post(target, json, JSON.stringify({ type: 'PUSH_ARTIFACT', event_data: { resources: [{ tag, resource_url: `registry.example.com/team/web:${tag}` }], repository: { repo_full_name: 'team/web' } } }), from) },
      {
        name: `unauthenticated registry ${tag}`,
        expect: 401,
        run: (from) =>
          post(target, { 'content-type': 'application/vnd.docker.distribution.events.v2+json' }, JSON.stringify({ events: [{ id: `s-${tag}`, action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', repository: 'team/web', tag } }] }), from),
      },
      { name: `Harbor with the API key of another component ${tag}`, expect: 401, run: (from) => post(target, { ...json, authorization: `Bearer ${DEFAULT_API_KEY}-other` }, JSON.stringify({ type: 'PUSH_ARTIFACT', event_data: { resources: [{ tag }], repository: { repo_full_name: 'team/web' } } }), from) },
    );
  }
  const escapes = ['\u001b[2J', '\u001b]0;owned\u0007', '\u009b31m', '\r\n\u0000', '\u202eevil'];
  for (const [i, esc] of escapes.entries()) {
    for (const field of ['pusher', 'message', 'ref', 'repo']) {
      const payload = githubPush({ messages: [field === 'message' ? `${esc} @deploy` : 'x @deploy'] });
      if (field === 'pusher') payload.pusher = { name: esc + 'p'.repeat(10_000) };
      if (field === 'ref') payload.ref = `refs/heads/${esc}`;
      if (field === 'repo') (payload.repository as Record<string, unknown>).full_name = esc.repeat(500);
      const body = JSON.stringify(payload);
      cases.push({ name: `unsigned push with escapes in ${field} #${i}`, expect: 401, run: (from) => post(git.path('git'), githubHeaders('push', body), body, from) });
      cases.push({ name: `wrongly signed push with escapes in ${field} #${i}`, expect: 401, run: (from) => post(git.path('git'), githubHeaders('push', body, 'not the secret'), body, from) });
    }
  }
  return cases;
}

function replayCases(): Case[] {
  return replays.flatMap((r, i) => [0, 1].map((n) => ({ name: `replay #${i}.${n}`, expect: 'duplicate' as const, run: (from: Record<string, string>) => post(r.path, r.headers, r.body, from) })));
}

function matches(exp: Expect, res: { status: number; json?: Record<string, unknown> }): boolean {
  if (exp === 'ignored' || exp === 'duplicate') return res.status === 200 && res.json?.status === exp;
  return Array.isArray(exp) ? exp.includes(res.status) : res.status === exp;
}

describe('hostile corpus', () => {
  it('is refused request by request, deploys nothing, and leaves the listener healthy', async () => {
    const baseline = env.scheduler.requests.length;
    const corpus = [...pathCases(), ...methodCases(), ...badBodyCases(), ...signatureCases(), ...oversizeCases(), ...tagCases(), ...rawCases(), ...securityCases(), ...replayCases()];
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const failures: string[] = [];
    let i = 0;
    for (const c of corpus) {
      const from = { 'x-forwarded-for': `203.0.${Math.floor(++i / 250)}.${i % 250}` };
      const res = await c.run(from);
      const refusal = (res.status >= 400 && res.status < 500) || (res.status === 200 && ['ignored', 'duplicate'].includes(String(res.json?.status)));
      if (!refusal || !matches(c.expect, res)) failures.push(`${c.name}: expected ${JSON.stringify(c.expect)}, got ${res.status} ${res.text.slice(0, 160)}`);
      if (res.status >= 500 || /\bat .*\.(ts|js):\d+/.test(res.text)) failures.push(`${c.name}: leaked an internal error`);
    }
    expect(failures).toEqual([]);
    expect(env.scheduler.requests.length - baseline).toBe(0);
    expect(env.errors).toEqual([]);
    const health = await send(env.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    expect(health.json).toEqual(HEALTH_BODY);
    // And it still works for a legitimate delivery.
    const push = JSON.stringify(githubPush());
    expect((await send(env.url, { path: git.path('git'), headers: githubHeaders('push', push, DEFAULT_SECRET), body: push })).status).toBe(202);
    const images = env.store.data.components.filter((c) => c.source.type === 'image').map((c) => (c.source.type === 'image' ? c.source.image : ''));
    expect(images).toEqual(['registry.example.com/team/web:v1.0', 'registry.example.com/team/web:v1.0', 'registry.example.com/team/bomb:v1']);
  });
});

describe('hostile tag patterns are refused when saved', () => {
  const image = { type: 'image' as const, image: 'registry.example.com/team/web:v1' };
  const bombs = ['(.*a){999}', 'x{1001}', '((a{100}){100}){100}', '(?=a)a', '(a)\\1', '['.repeat(3), 'a'.repeat(300), 'glob:[a-', 'semver:>>1'];
  it.each(bombs)('%s', (pattern) => {
    const created = componentCreate.safeParse({ name: 'web', source: image, triggers: { image: { tagPattern: pattern } } });
    expect(created.success).toBe(false);
    expect(created.error?.issues.some((i) => i.path.join('.') === 'triggers.image.tagPattern')).toBe(true);
    expect(componentPatch.safeParse({ triggers: { image: { tagPattern: pattern } } }).success).toBe(false);
  });
  // Catastrophic for a backtracking engine, harmless on RE2 (linear time): accepted, and a
  // matching and a non-matching worst-case tag are each decided.
  it.each(['(a+)+$', '(a*)*b', '((a+))+', '(x+x+)+y'])('nested repetition %s is accepted and decided on RE2', (pattern) => {
    expect(componentCreate.safeParse({ name: 'web', source: image, triggers: { image: { tagPattern: pattern } } }).success).toBe(true);
    for (const tag of ['a'.repeat(128), `${'a'.repeat(127)}!`, `${'x'.repeat(127)}z`]) {
      expect(typeof evaluateTag(pattern, tag).deploy).toBe('boolean');
    }
  });
  it('accepts ordinary patterns', () => {
    for (const tagPattern of ['', 'v5.*', 'glob:v5.*', 'semver:^5.0.0', '\\d+(\\.\\d+)*']) {
      expect(componentCreate.safeParse({ name: 'web', source: image, triggers: { image: { tagPattern } } }).success, tagPattern).toBe(true);
    }
  });
});
