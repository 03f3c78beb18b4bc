import { describe, expect, it } from 'vitest';
import { gitRepoKey, parseGitUrl, sameGitRepo } from './git-url';

describe('git URL normalization', () => {
  it('sees one repository behind https, ssh, git and scp forms', () => {
    const forms = [
      'https://github.com/acme/shop-api.git',
      'https://github.com/acme/shop-api',
      'https://github.com/acme/shop-api/',
      'http://GitHub.com/Acme/Shop-API.git',
      'https://user:t0ken@github.com/acme/shop-api.git',
      'ssh://git@github.com/acme/shop-api.git',
      'ssh://git@github.com:22/acme/shop-api',
      'git+ssh://git@github.com/acme/shop-api.git',
      'git://github.com/acme/shop-api.git',
      'git@github.com:acme/shop-api.git',
      'github.com:acme/shop-api',
      '  https://github.com//acme/shop-api.git  ',
    ];
    for (const f of forms) expect(gitRepoKey(f), f).toBe('github.com/acme/shop-api');
  });

  it('keeps nested groups and self-hosted ports apart from the path', () => {
    expect(parseGitUrl('ssh://git@gitlab.example.com:2222/platform/team/billing.git')).toEqual({
      host: 'gitlab.example.com',
      path: 'platform/team/billing',
    });
    expect(sameGitRepo('https://gitlab.example.com:8443/platform/team/billing', 'git@gitlab.example.com:platform/team/billing.git')).toBe(true);
    expect(sameGitRepo('https://gitlab.example.com/platform/billing', 'https://gitlab.example.com/platform/team/billing')).toBe(false);
  });

  it('tells different repositories and hosts apart', () => {
    expect(sameGitRepo('https://github.com/acme/shop-api', 'https://github.com/acme/shop-web')).toBe(false);
    expect(sameGitRepo('https://github.com/acme/shop-api', 'https://gitee.com/acme/shop-api')).toBe(false);
    expect(sameGitRepo('https://github.com/acme/shop-api', 'https://github.com/acme/shop-api.gitx')).toBe(false);
  });

  it('handles local paths and rejects what is not a repository URL', () => {
    expect(sameGitRepo('/srv/git/app.git', 'file:///srv/git/app')).toBe(true);
    for (const bad of ['', 'not a url', 'ftp://host/x', 'https://host/', 'https://host/../etc', 'C:\\repo', 'https://']) {
      expect(parseGitUrl(bad), bad).toBeNull();
    }
    expect(sameGitRepo('', '')).toBe(false);
  });
});
