import { describe, expect, it } from 'vitest';
import { deploySettings } from '../../../../shared/schemas/component';
import type { StoredComponent } from '../../store/document';
import type { GitPushEvent, ImagePush } from '../parsed-event';
import { matchApiCall } from './api-match';
import { matchGitPush } from './git-match';
import { matchImagePushes } from './image-match';

const base = { id: 'c_1', name: 'web', autoBuild: true, deploy: deploySettings.parse({}), hookId: 'h'.repeat(32), secrets: {}, createdAt: '', updatedAt: '' };
const gitComponent = (over: { repo?: string; branch?: string; keyword?: string } = {}): StoredComponent => ({
  ...base,
  source: { type: 'git', repo: over.repo ?? 'git@github.com:acme/shop.git', branch: over.branch ?? 'release/2.x', dockerfile: 'Dockerfile', context: '.', buildArgs: {} },
  triggers: { git: { enabled: true, keyword: over.keyword ?? 'deploy' } },
});
const imageComponent = (image: string, tagPattern = '', noDowngrade = false, runningTag?: string): StoredComponent => ({
  ...base,
  source: { type: 'image', image },
  triggers: { image: { enabled: true, tagPattern, noDowngrade } },
  ...(runningTag ? { running: { deployId: 'd_0', image, tag: runningTag, since: '' } } : {}),
});
const C1 = 'a'.repeat(40);
const push = (updates: GitPushEvent['updates'], urls = ['https://GitHub.com/acme/shop']): GitPushEvent => ({ kind: 'git-push', repoUrls: urls, repoName: 'acme/shop', pusher: 'li', updates });

describe('git matching', () => {
  it('picks the followed branch among several updated refs (Bitbucket)', () => {
    const out = matchGitPush(
      gitComponent(),
      push([
        { type: 'branch', name: 'main', deleted: false, commit: 'b'.repeat(40), messages: ['@deploy'] },
        { type: 'branch', name: 'release/2.x', deleted: false, commit: C1, messages: ['first', 'second @deploy\n\nbody'], headMessage: 'second @deploy\n\nbody' },
      ]),
    );
    expect(out).toMatchObject({ deploy: true, target: { commit: C1, branch: 'release/2.x' }, trigger: { ref: 'refs/heads/release/2.x', pusher: 'li', message: 'second @deploy' } });
  });

  it('an empty keyword deploys every push; keywords are case-sensitive substrings', () => {
    const update = { type: 'branch' as const, name: 'release/2.x', deleted: false, commit: C1, messages: ['plain'] };
    expect(matchGitPush(gitComponent({ keyword: '' }), push([update])).deploy).toBe(true);
    expect(matchGitPush(gitComponent({ keyword: 'ship' }), push([{ ...update, messages: ['@Ship it'] }])).deploy).toBe(false);
    expect(matchGitPush(gitComponent({ keyword: 'ship' }), push([{ ...update, messages: ['x@shipping'] }])).deploy).toBe(true);
  });

  it('refuses other repositories and non-git components', () => {
    const update = { type: 'branch' as const, name: 'release/2.x', deleted: false, commit: C1, messages: ['@deploy'] };
    expect(matchGitPush(gitComponent(), push([update], ['https://github.com/acme/shop-fork'])).deploy).toBe(false);
    expect(matchGitPush(imageComponent('nginx'), push([update])).deploy).toBe(false);
  });
});

describe('image matching', () => {
  const p = (repository: string, tag: string, digest?: string, host?: string): ImagePush => ({ repository, tag, digest, host });
  const d = (c: string) => `sha256:${c.repeat(64)}`;

  it('leaves the registry host out and normalizes Docker Hub names', () => {
    expect(matchImagePushes(imageComponent('nginx:1.27'), [p('library/nginx', '1.27', undefined, 'docker.io')]).deploy).toBe(true);
    expect(matchImagePushes(imageComponent('mirror.local:5000/acme/app:v1'), [p('acme/app', 'v1', undefined, 'docker.io')]).deploy).toBe(true);
    // `library/` is implicit on Docker Hub only.
    expect(matchImagePushes(imageComponent('nginx:1.27'), [p('library/nginx', '1.27', undefined, 'registry.local')]).deploy).toBe(false);
    expect(matchImagePushes(imageComponent('registry.local/test:1'), [p('test', '1', undefined, 'registry.local')]).deploy).toBe(true);
  });

  it('one deploy per batch: the newest image, under its highest version tag', () => {
    const out = matchImagePushes(imageComponent('reg.io/acme/app:1.0.0', '.*'), [
      p('acme/app', '2.0.0', d('a')),
      p('acme/app', 'latest', d('b')),
      p('acme/app', '1.5.0', d('b')),
      p('acme/app', '1.5', d('b')),
    ]);
    expect(out).toMatchObject({ deploy: true, target: { tag: '1.5.0', digest: d('b') } });
  });

  it('no downgrade below the running version; reasons name the tag and rule', () => {
    const out = matchImagePushes(imageComponent('reg.io/acme/app:1.4.0', 'semver:^1', true, '1.4.0'), [p('acme/app', '1.3.9')]);
    expect(out).toEqual({ deploy: false, reason: 'tag "1.3.9" is lower than the deployed "1.4.0" (no downgrades)', summary: 'acme/app:1.3.9' });
    const two = matchImagePushes(imageComponent('reg.io/acme/app:1.4.0', 'v.*'), [p('acme/app', '1.5'), p('acme/app', '1.6')]);
    expect(two.deploy).toBe(false);
    expect(two.reason).toBe('tag "1.5" does not match regex "v.*" (and 1 more tag)');
  });
});

describe('custom API matching', () => {
  it('uses the given tag or the configured one; commit and branch for git', () => {
    expect(matchApiCall(imageComponent('reg.io:5000/acme/app:v1'), { kind: 'api-call' })).toMatchObject({ target: { tag: 'v1' }, summary: 'reg.io:5000/acme/app:v1' });
    // a named tag passes the tag rule (empty rule: the configured tag only) unless forced
    expect(matchApiCall(imageComponent('reg.io:5000/acme/app:v1'), { kind: 'api-call', tag: 'v2' })).toMatchObject({ deploy: false, reason: expect.stringContaining('"force": true') });
    expect(matchApiCall(imageComponent('reg.io:5000/acme/app:v1'), { kind: 'api-call', tag: 'v2', force: true })).toMatchObject({ deploy: true, target: { tag: 'v2' } });
    expect(matchApiCall(imageComponent('reg.io:5000/acme/app:v1', 'glob:v*'), { kind: 'api-call', tag: 'v2' })).toMatchObject({ deploy: true, target: { tag: 'v2' } });
    expect(matchApiCall(imageComponent('reg.io:5000/acme/app:v1', 'glob:v*'), { kind: 'api-call', tag: 'x2' })).toMatchObject({ deploy: false });
    expect(matchApiCall(gitComponent(), { kind: 'api-call', commit: 'abc1234' })).toMatchObject({ target: { branch: 'release/2.x', commit: 'abc1234' } });
  });
});
