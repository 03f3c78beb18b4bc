/** Gathers what the tray shows from the engine api (the same calls any client makes). */
import type { AutoDeployApi } from '../../shared/api';
import type { WebhookUrl } from '../../shared/schemas/status';
import type { TrayState } from '../../shared/tray-menu';

/** Enough history for "roll back to …" and the recent list across a handful of components. */
export const TRAY_DEPLOY_HISTORY = 200;

export async function gatherTrayState(api: AutoDeployApi, now: number): Promise<TrayState> {
  const [status, components, deploys] = await Promise.all([
    api.getStatus(),
    api.listComponents(),
    api.listDeploys({ limit: TRAY_DEPLOY_HISTORY }),
  ]);
  // A component deleted between the two calls simply shows no URLs.
  const hooks = await Promise.all(
    components.map((c) => api.getWebhooks(c.id).then((w) => w.hooks, (): WebhookUrl[] => [])),
  );
  return {
    now,
    status,
    components,
    webhooks: Object.fromEntries(components.map((c, i) => [c.id, hooks[i] ?? []])),
    deploys,
  };
}
