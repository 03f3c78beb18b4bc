/**
 * What the tray's items do. Every action goes through the engine api; failures become a
 * notification with the engine's own message instead of disappearing.
 */
import { ApiError, type AutoDeployApi } from '../../shared/api';
import { actionFailedNotification, copiedNotification, deployRoute, type NotificationSpec } from '../../shared/notifications';
import type { CatchUpOutcome } from '../../shared/schemas/catch-up';
import type { TrayAction } from '../../shared/tray-menu';

export interface TrayActionDeps {
  api: AutoDeployApi;
  clipboard: { writeText(text: string): void };
  notify: (spec: NotificationSpec) => void;
  openDashboard: (route?: string) => void;
  /** Opens a URL in the user's browser (Electron's shell.openExternal). */
  openExternal: (url: string) => Promise<void>;
  quit: () => void;
}

const WHAT: Record<TrayAction['type'], string> = {
  'set-auto-deploy': 'change auto-deploy',
  'set-tunnel': 'change the tunnel',
  'copy-public-url': 'copy the public URL',
  'set-auto-build': 'change auto-build',
  'copy-webhook': 'copy the webhook URL',
  'deploy-now': 'start the deploy',
  'check-now': 'check for a new version',
  rollback: 'roll back',
  'open-deploy': 'open the deploy',
  'open-address': 'open the app',
  'open-dashboard': 'open the dashboard',
  quit: 'quit',
};

const CHECK_TITLE: Record<CatchUpOutcome, string> = {
  'up-to-date': 'up to date',
  queued: 'new version found, deploying',
  ignored: 'new version found, not deployed',
  nothing: 'nothing to deploy',
  error: 'check failed',
};

export function createTrayActions(deps: TrayActionDeps): (action: TrayAction) => Promise<void> {
  const { api } = deps;

  async function run(action: TrayAction): Promise<void> {
    switch (action.type) {
      case 'set-auto-deploy':
        await api.updateSettings({ autoDeploy: action.enabled });
        return;
      case 'set-tunnel':
        await (action.on ? api.startTunnel() : api.stopTunnel());
        return;
      case 'copy-public-url': {
        const { tunnel } = await api.getStatus();
        if (tunnel.state !== 'online' || !tunnel.url) throw new ApiError('unavailable', 'the tunnel is not online');
        deps.clipboard.writeText(tunnel.url);
        deps.notify({ title: 'Copied the public URL', body: tunnel.url, route: '/' });
        return;
      }
      case 'set-auto-build':
        await api.updateComponent(action.componentId, { autoBuild: action.enabled });
        return;
      case 'copy-webhook': {
        // Fresh URLs: the tunnel may have changed since the menu was built.
        const [component, { hooks }] = await Promise.all([api.getComponent(action.componentId), api.getWebhooks(action.componentId)]);
        const hook = hooks.find((h) => h.trigger === action.trigger);
        if (!hook) throw new ApiError('not_found', `the ${action.trigger} trigger of ${component.name} is not enabled`);
        deps.clipboard.writeText(hook.url);
        deps.notify(copiedNotification(component.name, hook));
        return;
      }
      case 'deploy-now':
        await api.deployNow(action.componentId);
        return;
      case 'check-now': {
        // the answer is the point: say what the registry or repository offered
        const [component, check] = await Promise.all([api.getComponent(action.componentId), api.checkComponent(action.componentId)]);
        deps.notify({
          title: `${component.name}: ${CHECK_TITLE[check.outcome]}`,
          body: check.message,
          route: check.deployId ? deployRoute(check.deployId) : '/',
        });
        return;
      }
      case 'rollback':
        await api.rollback(action.componentId);
        return;
      case 'open-deploy':
        deps.openDashboard(deployRoute(action.deployId));
        return;
      case 'open-address': {
        // only an address the engine reported for this component, never whatever the item says
        const component = await api.getComponent(action.componentId);
        if (!component.running?.addresses?.includes(action.url)) throw new ApiError('not_found', `${component.name} no longer runs at ${action.url}`);
        await deps.openExternal(action.url);
        return;
      }
      case 'open-dashboard':
        deps.openDashboard();
        return;
      case 'quit':
        deps.quit();
        return;
    }
  }

  return async (action) => {
    try {
      await run(action);
    } catch (err) {
      deps.notify(actionFailedNotification(WHAT[action.type], err instanceof Error ? err.message : String(err)));
    }
  };
}
