/**
 * What the webhook providers produce and the ingest stage consumes: one normalized event type
 * whatever the sender. `webhooks/` detects, verifies and parses into these; `ingest/` decides.
 * (The flow is one-way: nothing here imports from `webhooks/`.)
 */
export type GitProviderId = 'github' | 'gitee' | 'gitlab' | 'gitea' | 'forgejo' | 'gogs' | 'bitbucket' | 'bitbucket-server';
export type ImageProviderId = 'dockerhub' | 'aliyun' | 'harbor' | 'distribution' | 'quay' | 'ghcr';
/** `catch-up`: the engine's own check of the registry or repository, not a webhook. */
export type ProviderId = GitProviderId | ImageProviderId | 'api' | 'catch-up' | 'unknown';

/** One ref that a push updated (most providers send one; Bitbucket may send several). */
export interface RefUpdate {
  type: 'branch' | 'tag';
  /** Short name: `main`, `feature/x`, `v1.2.0`. */
  name: string;
  /** The ref was deleted: nothing to build. */
  deleted: boolean;
  /** Commit to build (for tags, the commit the tag points to when the provider says). */
  commit?: string;
  /** Every commit message the provider listed for this ref, head included. */
  messages: string[];
  /** The head commit's message. */
  headMessage?: string;
  /**
   * The payload lists no commit messages (Bitbucket Server): the keyword is looked for in the
   * repository at checkout, in `since..commit` (`since` absent: the commit itself).
   */
  repositoryCheck?: { since?: string };
}

export interface GitPushEvent {
  kind: 'git-push';
  /** Every URL the provider gave for the repository (clone, ssh, web). */
  repoUrls: string[];
  /** `owner/name`, for display. */
  repoName?: string;
  pusher?: string;
  updates: RefUpdate[];
}

/** Placeholder host for payloads that name only a path (Aliyun): keeps the path verbatim. */
export const UNKNOWN_HOST = 'registry.invalid';

/** One pushed image tag. */
export interface ImagePush {
  /** Repository as the payload names it: path, or a full name with host when it has one. */
  repository: string;
  /** Registry host when the payload carries it. */
  host?: string;
  tag: string;
  digest?: string;
}

export interface ImagePushEvent {
  kind: 'image-push';
  pushes: ImagePush[];
  pusher?: string;
  /** Why some entries of the payload were not pushes we deploy (untagged, blob, ...). */
  skipped: string[];
}

/** A valid event that is not a push (ping, issue, pull, package deleted, ...). */
export interface IgnoredEvent {
  kind: 'ignored';
  reason: string;
  /** Routine noise that can never deploy (a registry's layer pushes, pulls): answered, not logged. */
  routine?: boolean;
}

/** A custom API call (`{"secret_key": ..., "tag"?, "force"?, "commit"?, "branch"?}`). */
export interface ApiCallEvent {
  kind: 'api-call';
  tag?: string;
  /** Deploy `tag` even if the component's tag rule would ignore it. */
  force?: boolean;
  commit?: string;
  branch?: string;
}

export type NormalizedEvent = GitPushEvent | ImagePushEvent | ApiCallEvent | IgnoredEvent;

/** What a provider read from a request. */
export interface ParsedDelivery {
  provider: ProviderId;
  /** The provider's event name (`push`, `Push Hook`, `PUSH_ARTIFACT`, ...). */
  event?: string;
  /** The provider's own delivery id, for duplicate detection. */
  deliveryId?: string;
  /** True when a signature/token was checked; false when accepted on the hook id alone. */
  verified: boolean;
  result: NormalizedEvent;
}

