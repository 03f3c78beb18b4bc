/**
 * Docker Hub (docs/webhooks.md, "Docker Hub"): no headers, no signature, no digest; `push_data.tag` and
 * `repository.repo_name`. The hook id in the URL is the only credential.
 */
import { str } from '../json-read';
import type { ImageProvider } from './provider';
import { collect, imagePush } from './image-common';

export const dockerhub: ImageProvider = {
  id: 'dockerhub',
  detect: (_d, json) => str(json, 'repository', 'repo_name') !== undefined && typeof json.push_data === 'object',
  read(_d, json) {
    const push = imagePush(str(json, 'repository', 'repo_name'), 'docker.io', str(json, 'push_data', 'tag'), undefined);
    const { pushes, skipped } = collect([push]);
    return { provider: 'dockerhub', event: 'push', result: { kind: 'image-push', pushes, skipped, pusher: str(json, 'push_data', 'pusher') } };
  },
};
