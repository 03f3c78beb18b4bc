/** What API reads show of a stored component: secrets reduced to "is one set". */
import type { Component } from '../../../shared/schemas/component';
import type { StoredComponent } from '../store/document';

export function toComponentView(c: StoredComponent): Component {
  const triggers: Component['triggers'] = {};
  if (c.triggers.git) triggers.git = { ...c.triggers.git, secretSet: c.secrets.git !== undefined };
  if (c.triggers.image) triggers.image = { ...c.triggers.image, secretSet: c.secrets.git !== undefined };
  if (c.triggers.api) triggers.api = { ...c.triggers.api, secretKeySet: c.secrets.api !== undefined };
  return structuredClone({
    id: c.id,
    name: c.name,
    autoBuild: c.autoBuild,
    source: c.source,
    triggers,
    deploy: c.deploy,
    credentialsSet: c.secrets.gitToken !== undefined || c.secrets.registryPassword !== undefined,
    ...(c.running ? { running: c.running } : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  });
}
