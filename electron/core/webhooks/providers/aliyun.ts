/**
 * Aliyun Container Registry (docs/webhooks.md, "Aliyun ACR"): no headers; `push_data.{tag,digest}` and
 * `repository.repo_full_name` (`namespace/name`). The payload carries no registry host, so
 * matching compares repository paths only (as Rainbond does).
 */
import { str } from '../json-read';
import type { ImageProvider } from './provider';
import { collect, imagePush } from './image-common';

export const aliyun: ImageProvider = {
  id: 'aliyun',
  detect: (_d, json) => str(json, 'repository', 'repo_full_name') !== undefined && typeof json.push_data === 'object',
  read(_d, json) {
    const repository =
      str(json, 'repository', 'repo_full_name') ??
      [str(json, 'repository', 'namespace'), str(json, 'repository', 'name')].filter(Boolean).join('/');
    const push = imagePush(repository, undefined, str(json, 'push_data', 'tag'), str(json, 'push_data', 'digest'));
    const { pushes, skipped } = collect([push]);
    return { provider: 'aliyun', event: 'push', result: { kind: 'image-push', pushes, skipped } };
  },
};
