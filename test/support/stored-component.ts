/** A valid StoredComponent for fast tests (schema defaults, no store, no sealer). */
import { componentSource, deploySettings } from '../../shared/schemas/component';
import type { DeploySettings } from '../../shared/schemas/component';
import type { StoredComponent } from '../../electron/core/store/document';

export function storedComponentFixture(over: { name?: string; source?: unknown; deploy?: Partial<DeploySettings> } = {}): StoredComponent {
  const name = over.name ?? 'app';
  return {
    id: `c_${name}`,
    name,
    autoBuild: true,
    source: componentSource.parse(over.source ?? { type: 'image', image: '127.0.0.1:5000/team/app:latest' }),
    triggers: {},
    deploy: deploySettings.parse({ healthcheck: { timeoutSeconds: 5, stableSeconds: 0.2 }, ...over.deploy }),
    hookId: 'h'.repeat(22),
    secrets: {},
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}
