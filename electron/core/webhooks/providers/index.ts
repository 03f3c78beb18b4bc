/** Provider registries, in detection order, and a best guess from headers for the log. */
import type { IncomingHttpHeaders } from 'node:http';
import type { GitProviderId, ProviderId } from '../../ingest/parsed-event';
import { aliyun } from './aliyun';
import { bitbucket } from './bitbucket';
import { bitbucketServer } from './bitbucket-server';
import { distribution } from './distribution';
import { dockerhub } from './dockerhub';
import { gitea } from './gitea';
import { gitee } from './gitee';
import { github } from './github';
import { gitlab } from './gitlab';
import { gogs } from './gogs';
import { harbor } from './harbor';
import type { GitProvider, ImageProvider } from './provider';
import { quay } from './quay';

// Gitea also sends X-Gogs-* and X-GitHub-* headers, and Gogs sends X-GitHub-*: the more
// specific senders are asked first.
const GIT_PROVIDERS: readonly GitProvider[] = [gitea, gogs, gitlab, gitee, bitbucket, bitbucketServer, github];
export const IMAGE_PROVIDERS: readonly ImageProvider[] = [distribution, harbor, aliyun, dockerhub, quay];

/** Which git provider sent a request, by its headers alone. */
export function gitProviderFor(headers: IncomingHttpHeaders): GitProvider | undefined {
  return GIT_PROVIDERS.find((p) => p.detect(headers));
}

/** The id a git provider's request is logged under: Forgejo sends Gitea's headers plus its own. */
export function gitProviderId(provider: GitProvider, headers: IncomingHttpHeaders): GitProviderId {
  return provider === gitea && headers['x-forgejo-event'] !== undefined ? 'forgejo' : provider.id;
}

/** For the delivery log when the body was never read (404, 413): a guess from headers. */
export function guessProvider(headers: IncomingHttpHeaders, kind: string | undefined): ProviderId {
  if (kind === 'api') return 'api';
  if (kind === 'image' && headers['x-github-event'] !== undefined) return 'ghcr';
  const git = gitProviderFor(headers);
  if (git) return gitProviderId(git, headers);
  const type = headers['content-type'] ?? '';
  if (type.includes('distribution.events')) return 'distribution';
  return 'unknown';
}
