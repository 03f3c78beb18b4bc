/**
 * How a check reaches a component's source with the same access a deploy has: registry
 * credentials (own, or the Docker config's) and plain-http for loopback/insecure registries;
 * a git token for https repositories. Secrets are revealed per check and never logged.
 */
import { parseImageRef } from '../../../shared/image-ref';
import type { ImageRef } from '../../../shared/image-ref';
import type { ContainerEngine } from '../deploy/engine/container-engine';
import type { Credentials } from '../deploy/source/registry-auth';
import { registryAccess } from '../deploy/source/image-source';
import type { StoredComponent } from '../store/document';
import type { SecretSealer } from '../store/sealer';
import { revealStored } from '../store/secrets';

export interface RegistryAccess {
  ref: ImageRef;
  credentials?: Credentials;
  insecure: boolean;
}
export interface GitAccess {
  repo: string;
  branch: string;
  username?: string;
  token?: string;
}

export interface SourceAccess {
  registry(component: StoredComponent): Promise<RegistryAccess>;
  git(component: StoredComponent): GitAccess;
}

export function createSourceAccess(sealer: SecretSealer, engine: ContainerEngine, dockerConfigDir?: string): SourceAccess {
  return {
    async registry(component) {
      if (component.source.type !== 'image') throw new Error('not an image component');
      const ref = parseImageRef(component.source.image);
      const password = revealStored(sealer, component, 'registryPassword');
      const own = password ? { username: component.source.registryUsername ?? '', password } : undefined;
      return { ref, ...(await registryAccess(engine, ref.domain, own, () => undefined, dockerConfigDir)) };
    },
    git(component) {
      if (component.source.type !== 'git') throw new Error('not a git component');
      const token = revealStored(sealer, component, 'gitToken');
      return {
        repo: component.source.repo,
        branch: component.source.branch,
        ...(component.source.username ? { username: component.source.username } : {}),
        ...(token ? { token } : {}),
      };
    },
  };
}
