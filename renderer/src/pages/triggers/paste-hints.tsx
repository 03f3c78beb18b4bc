/** Where to paste a webhook URL, per provider: the steps users otherwise go looking for. */
import type { ReactNode } from 'react';

const GIT_HINTS: [string, ReactNode][] = [
  [
    'GitHub',
    <>
      Repository → <b>Settings → Webhooks → Add webhook</b>. Payload URL: this URL; Content type:{' '}
      <code>application/json</code>; Secret: the webhook secret; events: “Just the push event”.
    </>,
  ],
  [
    'GitLab',
    <>
      Project → <b>Settings → Webhooks</b>. URL: this URL; Secret token: the webhook secret; trigger: Push events.
    </>,
  ],
  [
    'Gitee',
    <>
      仓库 → <b>管理 → WebHooks → 添加</b>. URL: this URL; WebHook 密码/签名密钥: the webhook secret; event: Push.
    </>,
  ],
  [
    'Gitea / Forgejo / Gogs',
    <>
      Repository → <b>Settings → Webhooks → Add webhook</b> (Gitea type). Target URL: this URL; POST, content type{' '}
      <code>application/json</code>; Secret: the webhook secret; trigger on push events.
    </>,
  ],
  [
    'Bitbucket',
    <>
      Repository → <b>Repository settings → Webhooks → Add webhook</b>. URL: this URL; Secret: the webhook secret;
      trigger: Repository push.
    </>,
  ],
];

const IMAGE_HINTS: [string, ReactNode][] = [
  ['Docker Hub', <>Repository → <b>Webhooks</b>: a name and this URL. (Docker Hub signs nothing: the URL itself is the secret.)</>],
  [
    'Aliyun ACR',
    <>
      镜像仓库 → <b>触发器 (Triggers) → 创建</b>: this URL; trigger on all tags, or let the tag rule here decide.
    </>,
  ],
  [
    'Harbor',
    <>
      Project → <b>Webhooks → New webhook</b>: notify type HTTP, event “Artifact pushed”, endpoint URL: this URL.
    </>,
  ],
  [
    'Registry (distribution)',
    <>
      In the registry's <code>config.yml</code>, under <code>notifications.endpoints</code>: an entry with{' '}
      <code>url:</code> this URL (and optional <code>headers</code>).
    </>,
  ],
  ['Quay', <>Repository → <b>Settings → Events and notifications</b>: “Push to Repository”, Webhook POST to this URL.</>],
  ['GHCR', <>A GitHub repository or organisation webhook with the <b>Packages</b> event, like a git webhook.</>],
];

export function PasteHints({ trigger }: { trigger: 'git' | 'image' | 'api' }) {
  if (trigger === 'api') return null;
  const hints = trigger === 'git' ? GIT_HINTS : IMAGE_HINTS;
  return (
    <details className="paste-hints">
      <summary>Where to paste it</summary>
      <dl>
        {hints.map(([name, text]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
