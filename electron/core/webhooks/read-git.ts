/** The git route: find the sending provider by its headers, then let it verify and parse. */
import { HookError, badRequest } from './hook-error';
import { gitProviderFor, gitProviderId } from './providers';
import type { ReadContext } from './providers/provider';
import type { RawDelivery } from './types';
import type { ParsedDelivery } from '../ingest/parsed-event';

export function readGit(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
  const provider = gitProviderFor(d.headers);
  if (!provider) {
    throw badRequest(
      'unknown provider: expected a GitHub, Gitee, GitLab, Gitea/Forgejo, Gogs, Bitbucket Cloud or Bitbucket Server event header (X-GitHub-Event, X-Gitee-Event, X-Gitlab-Event, X-Gitea-Event, X-Gogs-Event, X-Event-Key)',
    );
  }
  try {
    return provider.read(d, ctx);
  } catch (err) {
    if (err instanceof HookError) err.provider ??= gitProviderId(provider, d.headers);
    throw err;
  }
}
