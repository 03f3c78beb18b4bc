/**
 * Git repository URL normalization, so a push from a provider can be matched with the
 * component's repository however either side spells it:
 *   https://github.com/Acme/Shop.git, ssh://git@github.com:22/acme/shop, git@github.com:acme/shop.git,
 *   git://github.com/acme/shop, https://user:token@GitHub.com/acme/shop/  → github.com/acme/shop
 * Ports and credentials are dropped (the ssh and https ports of one server differ), the host is
 * lower-cased, a `.git` suffix and slashes at either end are removed. Paths compare
 * case-insensitively: GitHub, GitLab, Gitea, Gogs, Gitee and Bitbucket all resolve repository
 * paths without regard to case.
 */

export interface GitRepoId {
  /** Lower-case host without port; '' for a local path or file:// URL. */
  host: string;
  /** Repository path without `.git` and without leading/trailing slashes, as written. */
  path: string;
}

const SCHEME_URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i;
// scp-like `user@host:path` or `host:path` (not `C:\...`, not a URL)
const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;
const SCHEMES = new Set(['http', 'https', 'ssh', 'git', 'git+ssh', 'ssh+git', 'git+https', 'file']);

/** The host and path of a repository URL, or null when it is not a repository URL. */
export function parseGitUrl(input: string): GitRepoId | null {
  const url = input.trim();
  if (url === '' || url.length > 2048) return null;
  let host: string;
  let path: string;
  const m = SCHEME_URL.exec(url);
  if (m) {
    if (!SCHEMES.has(m[1].toLowerCase())) return null;
    const authority = m[2].slice(m[2].lastIndexOf('@') + 1);
    host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d*$/, '');
    path = m[3];
  } else if (url.startsWith('/')) {
    host = '';
    path = url;
  } else {
    const scp = SCP_LIKE.exec(url);
    if (!scp || /^[a-z]$/i.test(scp[1])) return null;
    host = scp[1];
    path = scp[2];
  }
  host = host.toLowerCase().replace(/\.$/, '');
  path = path
    .replace(/\/{2,}/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.git$/i, '');
  if (path === '' || path.split('/').some((seg) => seg === '.' || seg === '..')) return null;
  return { host, path };
}

/** A comparison key: `host/path` with the path lower-cased; null when not a repository URL. */
export function gitRepoKey(url: string): string | null {
  const id = parseGitUrl(url);
  return id ? `${id.host}/${id.path.toLowerCase()}` : null;
}

/** True when both URLs name the same repository. */
export function sameGitRepo(a: string, b: string): boolean {
  const ka = gitRepoKey(a);
  return ka !== null && ka === gitRepoKey(b);
}
