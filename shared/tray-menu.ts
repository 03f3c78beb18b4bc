/**
 * The tray menu as a pure function of engine state. The Electron adapter (electron/main)
 * only turns these items into a native menu and dispatches their actions; everything the
 * user sees in the tray — labels, flags, icon, tooltip — is decided and tested here.
 */
import type { Component } from './schemas/component';
import { isFinal, type Deploy } from './schemas/deploy';
import type { Status, WebhookUrl } from './schemas/status';
import { deployTime, formatAge, STATE_LABEL, STATE_MARK, versionOf } from './deploy-text';

export interface TrayState {
  /** Clock for ages ("3 min ago"), passed in so the function stays pure. */
  now: number;
  status: Pick<Status, 'autoDeploy' | 'listenerUrl' | 'tunnel' | 'runningJobs' | 'docker' | 'warnings'>;
  components: (Pick<Component, 'id' | 'name' | 'autoBuild'> & Partial<Pick<Component, 'running'>>)[];
  /** Enabled triggers' URLs per component id (as `getWebhooks` returns them). */
  webhooks: Record<string, WebhookUrl[]>;
  /** Newest first. */
  deploys: Deploy[];
}

export type TrayAction =
  | { type: 'set-auto-deploy'; enabled: boolean }
  | { type: 'set-tunnel'; on: boolean }
  | { type: 'copy-public-url' }
  | { type: 'set-auto-build'; componentId: string; enabled: boolean }
  | { type: 'copy-webhook'; componentId: string; trigger: WebhookUrl['trigger'] }
  | { type: 'deploy-now'; componentId: string }
  | { type: 'check-now'; componentId: string }
  | { type: 'rollback'; componentId: string }
  | { type: 'open-deploy'; deployId: string }
  /** One of the component's running addresses, opened in the browser. */
  | { type: 'open-address'; componentId: string; url: string }
  | { type: 'open-dashboard' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { id: string; type: 'separator' }
  | { id: string; type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { id: string; type: 'checkbox'; label: string; enabled: boolean; checked: boolean; action: TrayAction }
  | { id: string; type: 'submenu'; label: string; enabled: boolean; submenu: TrayMenuItem[] };

export type TrayIconName = 'idle' | 'working' | 'failed' | 'paused' | 'tunnel-down';

export const RECENT_DEPLOYS = 8;
const COPY_LABEL: Record<WebhookUrl['trigger'], string> = {
  git: 'Copy Git webhook URL',
  image: 'Copy image webhook URL',
  api: 'Copy API URL',
};
const TRIGGER_ORDER: WebhookUrl['trigger'][] = ['git', 'image', 'api'];

/** States that say what a deploy achieved (superseded/cancelled ones never ran to an end). */
const OUTCOMES = new Set(['succeeded', 'failed', 'rolled-back']);

const sep = (id: string): TrayMenuItem => ({ id, type: 'separator' });
const info = (id: string, label: string, action?: TrayAction): TrayMenuItem =>
  action ? { id, type: 'normal', label, enabled: true, action } : { id, type: 'normal', label, enabled: false };

function deploysOf(state: TrayState, componentId: string): Deploy[] {
  return state.deploys.filter((d) => d.componentId === componentId);
}
const activeDeploy = (deploys: Deploy[]): Deploy | undefined => deploys.find((d) => !isFinal(d.state));
const lastOutcome = (deploys: Deploy[]): Deploy | undefined => deploys.find((d) => OUTCOMES.has(d.state));

/** Components whose last finished deploy failed or was rolled back. */
export function failedComponents(state: TrayState): string[] {
  return state.components
    .filter((c) => {
      const last = lastOutcome(deploysOf(state, c.id));
      return last !== undefined && last.state !== 'succeeded';
    })
    .map((c) => c.name)
    .sort((a, b) => a.localeCompare(b));
}

const isWorking = (state: TrayState): boolean =>
  state.status.runningJobs.length > 0 || state.deploys.some((d) => !isFinal(d.state));
const tunnelDown = (state: TrayState): boolean =>
  state.status.tunnel.state === 'error' || state.status.tunnel.state === 'reconnecting';

/** Activity first, then the user's own pause, then problems that need attention. */
export function trayIconFor(state: TrayState): TrayIconName {
  if (isWorking(state)) return 'working';
  if (!state.status.autoDeploy) return 'paused';
  if (!state.status.docker.ok || failedComponents(state).length > 0) return 'failed';
  if (tunnelDown(state)) return 'tunnel-down';
  return 'idle';
}

/** Windows truncates tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

export function trayTooltip(state: TrayState): string {
  const lines = [`Auto Deploy — ${headline(state)}`];
  const t = state.status.tunnel;
  if (t.state === 'online' && t.url) lines.push(`Public URL: ${t.url}`);
  else if (tunnelDown(state)) lines.push(`Tunnel down${t.reason ? `: ${t.reason}` : ''}`);
  else if (t.state === 'connecting') lines.push('Tunnel connecting…');
  else lines.push('Tunnel off (webhooks reach this machine only)');
  const text = lines.join('\n');
  return text.length > TOOLTIP_MAX ? `${text.slice(0, TOOLTIP_MAX - 1)}…` : text;
}

function headline(state: TrayState): string {
  const running = new Set([
    ...state.status.runningJobs.map((j) => j.deployId),
    ...state.deploys.filter((d) => !isFinal(d.state)).map((d) => d.id),
  ]).size;
  if (running > 0) return running === 1 ? '1 deploy running' : `${running} deploys running`;
  if (!state.status.docker.ok) return 'Docker engine not reachable';
  const failed = failedComponents(state);
  const paused = state.status.autoDeploy ? '' : 'paused';
  if (failed.length > 0) return [paused, `${failed.join(', ')} failed`].filter(Boolean).join('; ');
  if (paused) return paused;
  return state.components.length === 0 ? 'no components yet' : 'idle';
}

function deployLine(d: Deploy, now: number, withName: boolean): string {
  const version = versionOf(d);
  const what = [withName ? d.componentName : '', version].filter(Boolean).join(' ');
  const when = isFinal(d.state) ? formatAge(deployTime(d), now) : STATE_LABEL[d.state];
  return `${STATE_MARK[d.state]} ${what ? `${what} — ` : ''}${when}`;
}

function componentLabel(c: TrayState['components'][number], deploys: Deploy[], now: number): string {
  const active = activeDeploy(deploys);
  const last = active ?? lastOutcome(deploys);
  const suffix = c.autoBuild ? '' : ' (auto-build off)';
  if (!last) return `${c.name} — never deployed${suffix}`;
  if (active) return `${c.name} — ${STATE_LABEL[active.state]}${suffix}`;
  const version = versionOf(last);
  return `${c.name} — ${STATE_MARK[last.state]}${version ? ` ${version}` : ''}, ${formatAge(deployTime(last), now)}${suffix}`;
}

function componentMenu(state: TrayState, c: TrayState['components'][number]): TrayMenuItem {
  const p = `component:${c.id}`;
  const deploys = deploysOf(state, c.id);
  const active = activeDeploy(deploys);
  const succeeded = deploys.filter((d) => d.state === 'succeeded');
  // Roll back means "the successful deploy before the current one", so it needs two.
  const previous = succeeded.length >= 2 ? succeeded[1] : undefined;
  const previousVersion = previous ? versionOf(previous) : undefined;
  const hooks = [...(state.webhooks[c.id] ?? [])].sort(
    (a, b) => TRIGGER_ORDER.indexOf(a.trigger) - TRIGGER_ORDER.indexOf(b.trigger),
  );
  const last = active ?? lastOutcome(deploys);

  const addresses = c.running?.addresses ?? [];
  const exposed = c.running?.exposedToNetwork ? ' (also reachable from your network)' : '';
  const submenu: TrayMenuItem[] = [
    ...addresses.slice(0, 4).map((url, i) => info(`${p}:open-${i}`, `Open ${url}${exposed}`, { type: 'open-address', componentId: c.id, url })),
    ...(addresses.length > 0 ? [sep(`${p}:sep-open`)] : []),
    { id: `${p}:auto-build`, type: 'checkbox', label: 'Auto-build', enabled: true, checked: c.autoBuild,
      action: { type: 'set-auto-build', componentId: c.id, enabled: !c.autoBuild } },
    sep(`${p}:sep-hooks`),
    ...(hooks.length > 0
      ? hooks.map((h) =>
          info(`${p}:copy-${h.trigger}`, `${COPY_LABEL[h.trigger]}${h.base === 'local' ? ' (local only)' : ''}`, {
            type: 'copy-webhook', componentId: c.id, trigger: h.trigger,
          }),
        )
      : [info(`${p}:no-hooks`, 'No triggers enabled')]),
    sep(`${p}:sep-actions`),
    info(`${p}:deploy`, 'Deploy now', { type: 'deploy-now', componentId: c.id }),
    info(`${p}:check`, 'Check for a new version', { type: 'check-now', componentId: c.id }),
    {
      id: `${p}:rollback`,
      type: 'normal',
      label: previousVersion ? `Roll back to ${previousVersion}` : 'Roll back',
      enabled: previous !== undefined && active === undefined,
      action: { type: 'rollback', componentId: c.id },
    },
    sep(`${p}:sep-last`),
    last
      ? info(`${p}:last`, `Last deploy: ${deployLine(last, state.now, false)}`, { type: 'open-deploy', deployId: last.id })
      : info(`${p}:last`, 'No deploys yet'),
  ];
  return { id: p, type: 'submenu', label: componentLabel(c, deploys, state.now), enabled: true, submenu };
}

function tunnelItems(state: TrayState): TrayMenuItem[] {
  const t = state.status.tunnel;
  let line: TrayMenuItem;
  if (t.state === 'online' && t.url) line = info('tunnel-url', `Public URL: ${t.url}`, { type: 'copy-public-url' });
  else if (t.state === 'connecting') line = info('tunnel-url', 'Tunnel connecting…');
  else if (tunnelDown(state)) line = info('tunnel-url', `Tunnel down${t.reason ? `: ${t.reason}` : ''} — retrying`);
  else line = info('tunnel-url', `Tunnel off — webhooks reach only ${state.status.listenerUrl}`);
  const on = t.state !== 'off';
  return [line, { id: 'tunnel', type: 'checkbox', label: 'Public tunnel', enabled: true, checked: on, action: { type: 'set-tunnel', on: !on } }];
}

export function buildTrayMenu(state: TrayState): TrayMenuItem[] {
  const { status } = state;
  const problems: TrayMenuItem[] = [
    ...(status.docker.ok ? [] : [info('docker', `⚠ ${status.docker.error ?? 'Docker engine not reachable'}`, { type: 'open-dashboard' })]),
    ...status.warnings.slice(0, 2).map((w, i) => info(`warning:${i}`, `⚠ ${w}`, { type: 'open-dashboard' })),
  ];
  const components = [...state.components].sort((a, b) => a.name.localeCompare(b.name));
  const recent = state.deploys.slice(0, RECENT_DEPLOYS);
  return [
    info('status', `Auto Deploy — ${headline(state)}`),
    ...problems,
    sep('sep-status'),
    { id: 'auto-deploy', type: 'checkbox', label: 'Auto-deploy', enabled: true, checked: status.autoDeploy,
      action: { type: 'set-auto-deploy', enabled: !status.autoDeploy } },
    ...tunnelItems(state),
    sep('sep-components'),
    ...(components.length > 0 ? components.map((c) => componentMenu(state, c)) : [info('no-components', 'No components yet')]),
    sep('sep-recent'),
    {
      id: 'recent',
      type: 'submenu',
      label: 'Recent deploys',
      enabled: recent.length > 0,
      submenu: recent.map((d) => info(`recent:${d.id}`, deployLine(d, state.now, true), { type: 'open-deploy', deployId: d.id })),
    },
    info('open-dashboard', 'Open dashboard', { type: 'open-dashboard' }),
    sep('sep-quit'),
    info('quit', 'Quit Auto Deploy', { type: 'quit' }),
  ];
}
