/**
 * Where a webhook or deploy came from, in the words the dashboard uses everywhere (glossary in
 * README): providers by their product names, trigger kinds by what the user did or set up.
 */
import type { Deploy } from '../../../shared/schemas/deploy';

const PROVIDER: Record<string, string> = {
  github: 'GitHub',
  gitee: 'Gitee',
  gitlab: 'GitLab',
  gitea: 'Gitea/Forgejo',
  forgejo: 'Forgejo',
  gogs: 'Gogs',
  bitbucket: 'Bitbucket',
  dockerhub: 'Docker Hub',
  aliyun: 'Aliyun ACR',
  harbor: 'Harbor',
  distribution: 'Docker registry',
  quay: 'Quay',
  ghcr: 'GitHub Packages',
  api: 'Custom API',
};

const KIND: Record<Deploy['trigger']['kind'], string> = {
  git: 'Git webhook',
  image: 'Image webhook',
  api: 'Custom API',
  manual: 'Deploy now',
  rollback: 'Roll back',
  'catch-up': 'Catch-up check',
};

export const providerName = (id: string | undefined): string => (id ? (PROVIDER[id] ?? id) : '—');

export const triggerKindName = (kind: string | undefined): string => (kind && kind in KIND ? KIND[kind as keyof typeof KIND] : (kind ?? '—'));

/** "Docker registry push", "GitHub push by alice", "Custom API", "Deploy now". */
export function describeTrigger(deploy: Pick<Deploy, 'trigger'>): string {
  const tr = deploy.trigger;
  const base = tr.kind === 'git' || tr.kind === 'image' ? `${providerName(tr.provider)} push` : triggerKindName(tr.kind);
  return tr.pusher ? `${base} by ${tr.pusher}` : base;
}
