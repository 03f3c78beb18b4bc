/** Where to paste a webhook URL, per provider: the steps users otherwise go looking for. */
import type { ReactNode } from 'react';
import { CopyButton } from '../../ui/copy-button';

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
    'Bitbucket Cloud',
    <>
      Repository → <b>Repository settings → Webhooks → Add webhook</b>. URL: this URL; Secret: the webhook secret;
      trigger: Repository push.
    </>,
  ],
  [
    'Bitbucket Server / Data Center',
    <>
      Repository → <b>Repository settings → Webhooks → Create webhook</b>. URL: this URL; Secret: the webhook secret;
      event: Repository → Push. Its payload lists no commit messages: the deploy reads them in the repository and ends
      “skipped” when none carries the keyword.
    </>,
  ],
];

/**
 * A Docker registry (distribution 2.8) endpoint that sends only what can deploy: pulls, mounts
 * and layer uploads (`application/octet-stream` blobs) are filtered at the registry.
 */
export function registryConfig(url: string): string {
  return [
    'notifications:',
    '  endpoints:',
    '    - name: auto-deploy',
    `      url: ${url}`,
    '      headers:',
    '        Authorization: [Bearer <the webhook secret or API key>]',
    '      timeout: 5s',
    '      threshold: 5',
    '      backoff: 10s',
    '      ignore:',
    '        mediatypes: [application/octet-stream]',
    '        actions: [pull, mount]',
  ].join('\n');
}

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
    'Docker registry (distribution)',
    <>
      Add to the registry's <code>config.yml</code> (replace the Authorization value; without that header the URL alone
      is the credential) and restart it. Pulls and layer uploads are never a deploy, so the registry is told not to send them:
    </>,
  ],
  ['Quay', <>Repository → <b>Settings → Events and notifications</b>: “Push to Repository”, Webhook POST to this URL.</>],
  ['GHCR', <>A GitHub repository or organisation webhook with the <b>Packages</b> event, like a git webhook.</>],
];

export function PasteHints({ trigger, url }: { trigger: 'git' | 'image' | 'api'; url: string }) {
  if (trigger === 'api') return null;
  const hints = trigger === 'git' ? GIT_HINTS : IMAGE_HINTS;
  const config = registryConfig(url);
  return (
    <details className="paste-hints">
      <summary>Where to paste it</summary>
      <dl>
        {hints.map(([name, text]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>
              {text}
              {name.startsWith('Docker registry') ? (
                <div className="with-button">
                  <pre className="mono" aria-label="registry notifications config">
                    {config}
                  </pre>
                  <CopyButton value={config} what="registry config" />
                </div>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
