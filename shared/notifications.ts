/**
 * What the desktop notifications say: per finished deploy, per tunnel URL change, per copied
 * webhook URL, and one summary for a burst. Pure, so the wording is tested without Electron;
 * electron/main decides when to show them.
 */
import type { Deploy } from './schemas/deploy';
import type { Settings } from './schemas/settings';
import type { WebhookUrl } from './schemas/status';
import { deployDurationMs, firstLine, formatDuration, versionOf } from './deploy-text';

export interface NotificationSpec {
  title: string;
  body: string;
  /** Dashboard hash route opened on click, e.g. `/deploys/d_123` (loaded as `#/deploys/d_123`). */
  route: string;
}

export type NotificationPrefs = Settings['notifications'];

export const deployRoute = (deployId: string): string => `/deploys/${encodeURIComponent(deployId)}`;

/** The notification for a deploy event, or undefined when it is not a final state the user asked about. */
export function deployNotification(d: Deploy, prefs: NotificationPrefs): NotificationSpec | undefined {
  const version = versionOf(d);
  const route = deployRoute(d.id);
  const name = d.componentName;
  switch (d.state) {
    case 'succeeded': {
      if (!prefs.succeeded) return undefined;
      if (d.result?.upToDate) return { title: `${name} is up to date`, body: `${name} already runs ${version ?? 'this version'}; nothing changed.`, route };
      const ms = deployDurationMs(d);
      return {
        title: `${name} deployed`,
        body: `${name} deployed${version ? ` ${version}` : ''}${ms !== undefined ? ` in ${formatDuration(ms)}` : ''}`,
        route,
      };
    }
    case 'failed':
      if (!prefs.failed) return undefined;
      return { title: `${name}${version ? ` ${version}` : ''} failed to deploy`, body: firstLine(d.reason) ?? 'No reason was recorded; open the log.', route };
    case 'rolled-back':
      if (!prefs.rolledBack) return undefined;
      return {
        title: `${name}${version ? ` ${version}` : ''} rolled back`,
        body: `${firstLine(d.reason) ?? 'The new version was not healthy'}. The previous version is running again.`,
        route,
      };
    default:
      return undefined;
  }
}

export function tunnelUrlNotification(
  change: { url?: string; previousUrl?: string },
  prefs: NotificationPrefs,
): NotificationSpec | undefined {
  if (!prefs.tunnelUrlChanged || !change.url || change.url === change.previousUrl) return undefined;
  return {
    title: 'Public URL changed — update your webhooks',
    body: change.previousUrl
      ? `Webhooks now need ${change.url} instead of ${change.previousUrl}.`
      : `Webhooks now reach this machine at ${change.url}.`,
    route: '/',
  };
}

const COPIED_WHAT: Record<WebhookUrl['trigger'], string> = { git: 'Git webhook URL', image: 'image webhook URL', api: 'API URL' };

/** Confirmation after "Copy … URL"; a local URL gets a warning instead, since providers cannot reach it. */
export function copiedNotification(componentName: string, hook: WebhookUrl): NotificationSpec {
  if (hook.base === 'local') {
    return {
      title: `Copied ${componentName}'s ${COPIED_WHAT[hook.trigger]} — local only`,
      body: `The tunnel is off, so GitHub or a registry cannot reach ${hook.url}. Turn the tunnel on and copy it again.`,
      route: '/',
    };
  }
  return { title: `Copied ${componentName}'s ${COPIED_WHAT[hook.trigger]}`, body: hook.url, route: '/' };
}

/** A burst of finished deploys as one notification: "5 deploys finished" / "4 succeeded, 1 failed: api". */
export function burstSummary(deploys: Deploy[]): NotificationSpec {
  const count = (s: Deploy['state']) => deploys.filter((d) => d.state === s).length;
  const bad = deploys.filter((d) => d.state !== 'succeeded');
  const parts = [
    [count('succeeded'), 'succeeded'],
    [count('failed'), 'failed'],
    [count('rolled-back'), 'rolled back'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`);
  const names = [...new Set(bad.map((d) => d.componentName))];
  const body = `${parts.join(', ')}${names.length > 0 ? `: ${names.join(', ')}` : ''}`;
  // Clicking shows the first thing that went wrong, else the newest deploy (input is oldest first).
  const focus = bad[0] ?? deploys[deploys.length - 1];
  return { title: `${deploys.length} deploys finished`, body, route: focus ? deployRoute(focus.id) : '/' };
}

/** Title when an action from the tray fails (the body is the engine's message). */
export function actionFailedNotification(what: string, message: string): NotificationSpec {
  return { title: `Could not ${what}`, body: firstLine(message) ?? 'Unknown error', route: '/' };
}
