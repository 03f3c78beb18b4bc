/** Small builders for engine objects the desktop-shell tests feed in. */
import type { Deploy } from '../../shared/schemas/deploy';
import { defaultSettings, type Settings } from '../../shared/schemas/settings';
import type { Status, WebhookUrl } from '../../shared/schemas/status';
import type { TrayState } from '../../shared/tray-menu';

export const NOW = Date.parse('2030-01-01T12:00:00Z');
export const ago = (ms: number): string => new Date(NOW - ms).toISOString();

export function makeDeploy(p: Partial<Deploy> & Pick<Deploy, 'id' | 'componentId'>): Deploy {
  return {
    componentName: p.componentId.replace(/^c_/, ''),
    state: 'succeeded',
    trigger: { kind: 'manual' },
    target: {},
    createdAt: ago(60_000),
    ...p,
  };
}

export function makeStatus(p: Partial<Status> = {}): Status {
  return {
    version: '0.1.0',
    autoDeploy: true,
    listenerUrl: 'http://127.0.0.1:7780',
    tunnel: { state: 'off', host: 'https://localtunnel.me' },
    docker: { ok: true, version: '20.10' },
    runningJobs: [],
    warnings: [],
    secretsBackend: 'safeStorage',
    dataDir: '/tmp/data',
    ...p,
  };
}

export function hooks(componentId: string, base: 'tunnel' | 'local', triggers: WebhookUrl['trigger'][]): WebhookUrl[] {
  const root = base === 'tunnel' ? 'https://abc.loca.lt' : 'http://127.0.0.1:7780';
  return triggers.map((trigger) => ({
    trigger,
    url: `${root}/hooks/h_${componentId}/${trigger}`,
    localUrl: `http://127.0.0.1:7780/hooks/h_${componentId}/${trigger}`,
    ...(base === 'tunnel' ? { publicUrl: `${root}/hooks/h_${componentId}/${trigger}` } : {}),
    base,
  }));
}

export function makeState(p: Partial<TrayState> = {}): TrayState {
  return { now: NOW, status: makeStatus(), components: [], webhooks: {}, deploys: [], ...p };
}

export function makeSettings(p: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), ...p };
}
