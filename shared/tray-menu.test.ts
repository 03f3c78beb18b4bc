import { describe, expect, it } from 'vitest';
import { ago, hooks, makeDeploy, makeState, makeStatus } from '../test/electron/fixtures';
import { buildTrayMenu, TOOLTIP_MAX, trayIconFor, trayTooltip, type TrayMenuItem } from './tray-menu';

const byId = (items: TrayMenuItem[], id: string): TrayMenuItem => {
  for (const item of items) {
    if (item.id === id) return item;
    if (item.type === 'submenu') {
      const found = item.submenu.find((i) => i.id === id);
      if (found) return found;
    }
  }
  throw new Error(`no item ${id}`);
};
const ids = (items: TrayMenuItem[]): string[] => items.map((i) => i.id);
const labels = (items: TrayMenuItem[]): string[] => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('buildTrayMenu', () => {
  it('no components, tunnel off: the exact menu', () => {
    const state = makeState();
    expect(buildTrayMenu(state)).toEqual([
      { id: 'status', type: 'normal', label: 'Auto Deploy — no components yet', enabled: false },
      { id: 'sep-status', type: 'separator' },
      { id: 'auto-deploy', type: 'checkbox', label: 'Auto-deploy', enabled: true, checked: true, action: { type: 'set-auto-deploy', enabled: false } },
      { id: 'tunnel-url', type: 'normal', label: 'Tunnel off — webhooks reach only http://127.0.0.1:7780', enabled: false },
      { id: 'tunnel', type: 'checkbox', label: 'Public tunnel', enabled: true, checked: false, action: { type: 'set-tunnel', on: true } },
      { id: 'sep-components', type: 'separator' },
      { id: 'no-components', type: 'normal', label: 'No components yet', enabled: false },
      { id: 'sep-recent', type: 'separator' },
      { id: 'recent', type: 'submenu', label: 'Recent deploys', enabled: false, submenu: [] },
      { id: 'open-dashboard', type: 'normal', label: 'Open dashboard', enabled: true, action: { type: 'open-dashboard' } },
      { id: 'sep-quit', type: 'separator' },
      { id: 'quit', type: 'normal', label: 'Quit Auto Deploy', enabled: true, action: { type: 'quit' } },
    ]);
    expect(trayIconFor(state)).toBe('idle');
    expect(trayTooltip(state)).toBe('Auto Deploy — no components yet\nTunnel off (webhooks reach this machine only)');
  });

  it('one deployed component with the tunnel online: the exact component submenu', () => {
    const state = makeState({
      status: makeStatus({ tunnel: { state: 'online', url: 'https://abc.loca.lt', host: 'https://localtunnel.me' } }),
      components: [{ id: 'c_web', name: 'web', autoBuild: true }],
      webhooks: { c_web: hooks('c_web', 'tunnel', ['api', 'image']) },
      deploys: [
        makeDeploy({ id: 'd_2', componentId: 'c_web', target: { tag: 'v5.2' }, finishedAt: ago(3 * 60_000) }),
        makeDeploy({ id: 'd_1', componentId: 'c_web', target: { tag: 'v5.1' }, finishedAt: ago(3 * 3600_000) }),
      ],
    });
    const menu = buildTrayMenu(state);
    expect(byId(menu, 'tunnel-url')).toEqual({
      id: 'tunnel-url', type: 'normal', label: 'Public URL: https://abc.loca.lt', enabled: true, action: { type: 'copy-public-url' },
    });
    expect(byId(menu, 'tunnel')).toMatchObject({ checked: true, action: { type: 'set-tunnel', on: false } });
    expect(byId(menu, 'component:c_web')).toEqual({
      id: 'component:c_web',
      type: 'submenu',
      label: 'web — ✓ v5.2, 3 min ago',
      enabled: true,
      submenu: [
        { id: 'component:c_web:auto-build', type: 'checkbox', label: 'Auto-build', enabled: true, checked: true, action: { type: 'set-auto-build', componentId: 'c_web', enabled: false } },
        { id: 'component:c_web:sep-hooks', type: 'separator' },
        // Git is not enabled for this component, so there is no Git item; order is git, image, api.
        { id: 'component:c_web:copy-image', type: 'normal', label: 'Copy image webhook URL', enabled: true, action: { type: 'copy-webhook', componentId: 'c_web', trigger: 'image' } },
        { id: 'component:c_web:copy-api', type: 'normal', label: 'Copy API URL', enabled: true, action: { type: 'copy-webhook', componentId: 'c_web', trigger: 'api' } },
        { id: 'component:c_web:sep-actions', type: 'separator' },
        { id: 'component:c_web:deploy', type: 'normal', label: 'Deploy now', enabled: true, action: { type: 'deploy-now', componentId: 'c_web' } },
        { id: 'component:c_web:check', type: 'normal', label: 'Check for a new version', enabled: true, action: { type: 'check-now', componentId: 'c_web' } },
        { id: 'component:c_web:rollback', type: 'normal', label: 'Roll back to v5.1', enabled: true, action: { type: 'rollback', componentId: 'c_web' } },
        { id: 'component:c_web:sep-last', type: 'separator' },
        { id: 'component:c_web:last', type: 'normal', label: 'Last deploy: ✓ v5.2 — 3 min ago', enabled: true, action: { type: 'open-deploy', deployId: 'd_2' } },
      ],
    });
    const recent = byId(menu, 'recent');
    expect(recent.type === 'submenu' && recent.enabled).toBe(true);
    expect(recent.type === 'submenu' && labels(recent.submenu)).toEqual(['✓ web v5.2 — 3 min ago', '✓ web v5.1 — 3 h ago']);
    expect(recent.type === 'submenu' && recent.submenu[0]).toMatchObject({ action: { type: 'open-deploy', deployId: 'd_2' } });
    expect(trayIconFor(state)).toBe('idle');
    expect(trayTooltip(state)).toBe('Auto Deploy — idle\nPublic URL: https://abc.loca.lt');
  });

  it('a running component offers its published addresses first, warning when the network reaches them', () => {
    const running = { deployId: 'd_1', image: 'web:v1', since: ago(60_000), addresses: ['http://127.0.0.1:32771', 'http://192.168.1.5:8081'], exposedToNetwork: true };
    const menu = buildTrayMenu(makeState({ components: [{ id: 'c_web', name: 'web', autoBuild: true, running }] }));
    const sub = byId(menu, 'component:c_web');
    if (sub.type !== 'submenu') throw new Error('not a submenu');
    expect(sub.submenu.slice(0, 3)).toEqual([
      { id: 'component:c_web:open-0', type: 'normal', label: 'Open http://127.0.0.1:32771 (also reachable from your network)', enabled: true, action: { type: 'open-address', componentId: 'c_web', url: 'http://127.0.0.1:32771' } },
      { id: 'component:c_web:open-1', type: 'normal', label: 'Open http://192.168.1.5:8081 (also reachable from your network)', enabled: true, action: { type: 'open-address', componentId: 'c_web', url: 'http://192.168.1.5:8081' } },
      { id: 'component:c_web:sep-open', type: 'separator' },
    ]);
    const quiet = buildTrayMenu(makeState({ components: [{ id: 'c_web', name: 'web', autoBuild: true, running: { ...running, exposedToNetwork: undefined } }] }));
    expect(byId(quiet, 'component:c_web:open-0')).toMatchObject({ label: 'Open http://127.0.0.1:32771' });
  });

  it('tunnel off: copy items say the URL is local only', () => {
    const state = makeState({
      components: [{ id: 'c_api', name: 'api', autoBuild: true }],
      webhooks: { c_api: hooks('c_api', 'local', ['git', 'api']) },
    });
    const menu = buildTrayMenu(state);
    expect(byId(menu, 'component:c_api:copy-git')).toMatchObject({ label: 'Copy Git webhook URL (local only)', enabled: true });
    expect(byId(menu, 'component:c_api:copy-api')).toMatchObject({ label: 'Copy API URL (local only)', enabled: true });
    expect(byId(menu, 'component:c_api')).toMatchObject({ label: 'api — never deployed' });
    expect(byId(menu, 'component:c_api:rollback')).toMatchObject({ label: 'Roll back', enabled: false });
    expect(byId(menu, 'component:c_api:last')).toEqual({ id: 'component:c_api:last', type: 'normal', label: 'No deploys yet', enabled: false });
  });

  it('a component without enabled triggers shows a disabled hint instead of copy items', () => {
    const menu = buildTrayMenu(makeState({ components: [{ id: 'c_x', name: 'x', autoBuild: false }], webhooks: { c_x: [] } }));
    expect(byId(menu, 'component:c_x:no-hooks')).toEqual({ id: 'component:c_x:no-hooks', type: 'normal', label: 'No triggers enabled', enabled: false });
    expect(byId(menu, 'component:c_x')).toMatchObject({ label: 'x — never deployed (auto-build off)' });
    expect(byId(menu, 'component:c_x:auto-build')).toMatchObject({ checked: false, action: { type: 'set-auto-build', componentId: 'c_x', enabled: true } });
  });

  it('failures: failed and rolled-back components show it, the icon turns failed', () => {
    const state = makeState({
      components: [
        { id: 'c_web', name: 'web', autoBuild: true },
        { id: 'c_api', name: 'api', autoBuild: true },
        { id: 'c_ok', name: 'ok', autoBuild: true },
      ],
      deploys: [
        makeDeploy({ id: 'd_5', componentId: 'c_web', state: 'failed', target: { commit: 'abcdef1234567' }, reason: 'build failed', finishedAt: ago(10_000) }),
        makeDeploy({ id: 'd_4', componentId: 'c_api', state: 'rolled-back', target: { tag: 'v2' }, finishedAt: ago(120_000) }),
        // A superseded deploy never ran to an end: it must not hide the real outcome below it.
        makeDeploy({ id: 'd_3', componentId: 'c_ok', state: 'superseded', finishedAt: ago(100_000) }),
        makeDeploy({ id: 'd_2', componentId: 'c_ok', target: { tag: 'v1' }, finishedAt: ago(200_000) }),
      ],
    });
    const menu = buildTrayMenu(state);
    expect(byId(menu, 'status')).toMatchObject({ label: 'Auto Deploy — api, web failed' });
    expect(byId(menu, 'component:c_web')).toMatchObject({ label: 'web — ✗ abcdef1, just now' });
    expect(byId(menu, 'component:c_api')).toMatchObject({ label: 'api — ↩ v2, 2 min ago' });
    expect(byId(menu, 'component:c_ok')).toMatchObject({ label: 'ok — ✓ v1, 3 min ago' });
    expect(byId(menu, 'component:c_web:rollback')).toMatchObject({ enabled: false });
    expect(trayIconFor(state)).toBe('failed');
    expect(trayTooltip(state)).toBe('Auto Deploy — api, web failed\nTunnel off (webhooks reach this machine only)');
    // The failure clears once the component deploys successfully again.
    const fixed = { ...state, deploys: [makeDeploy({ id: 'd_9', componentId: 'c_web', finishedAt: ago(1000) }), ...state.deploys] };
    expect(buildTrayMenu(fixed)[0]).toMatchObject({ label: 'Auto Deploy — api failed' });
  });

  it('paused: the checkbox is off, the icon and tooltip say paused', () => {
    const state = makeState({ status: makeStatus({ autoDeploy: false }), components: [{ id: 'c_web', name: 'web', autoBuild: true }] });
    expect(byId(buildTrayMenu(state), 'auto-deploy')).toEqual({
      id: 'auto-deploy', type: 'checkbox', label: 'Auto-deploy', enabled: true, checked: false, action: { type: 'set-auto-deploy', enabled: true },
    });
    expect(trayIconFor(state)).toBe('paused');
    expect(trayTooltip(state).split('\n')[0]).toBe('Auto Deploy — paused');
    // Paused with a failure: both are said; the icon stays paused (the user's own choice shows first).
    const failing = { ...state, deploys: [makeDeploy({ id: 'd_1', componentId: 'c_web', state: 'failed', finishedAt: ago(1000) })] };
    expect(trayTooltip(failing).split('\n')[0]).toBe('Auto Deploy — paused; web failed');
    expect(trayIconFor(failing)).toBe('paused');
  });

  it('working: a running deploy wins over everything and disables roll back', () => {
    const state = makeState({
      status: makeStatus({ autoDeploy: false, runningJobs: [{ deployId: 'd_3', componentId: 'c_web', componentName: 'web', state: 'building' }] }),
      components: [{ id: 'c_web', name: 'web', autoBuild: true }],
      deploys: [
        makeDeploy({ id: 'd_3', componentId: 'c_web', state: 'building' }),
        makeDeploy({ id: 'd_2', componentId: 'c_web', target: { tag: 'b' }, finishedAt: ago(5000) }),
        makeDeploy({ id: 'd_1', componentId: 'c_web', target: { tag: 'a' }, finishedAt: ago(9000) }),
      ],
    });
    const menu = buildTrayMenu(state);
    expect(trayIconFor(state)).toBe('working');
    expect(byId(menu, 'status')).toMatchObject({ label: 'Auto Deploy — 1 deploy running' });
    expect(byId(menu, 'component:c_web')).toMatchObject({ label: 'web — building…' });
    expect(byId(menu, 'component:c_web:rollback')).toMatchObject({ label: 'Roll back to a', enabled: false });
    expect(byId(menu, 'component:c_web:last')).toMatchObject({ label: 'Last deploy: ⟳ building…', action: { type: 'open-deploy', deployId: 'd_3' } });
    expect(byId(menu, 'recent:d_3')).toMatchObject({ label: '⟳ web — building…' });
  });

  it('tunnel down: reconnecting/error show the reason and the tunnel-down icon', () => {
    const state = makeState({ status: makeStatus({ tunnel: { state: 'reconnecting', reason: 'connection refused', host: 'https://lt.example' } }) });
    expect(byId(buildTrayMenu(state), 'tunnel-url')).toEqual({ id: 'tunnel-url', type: 'normal', label: 'Tunnel down: connection refused — retrying', enabled: false });
    expect(byId(buildTrayMenu(state), 'tunnel')).toMatchObject({ checked: true, action: { type: 'set-tunnel', on: false } });
    expect(trayIconFor(state)).toBe('tunnel-down');
    expect(trayTooltip(state)).toBe('Auto Deploy — no components yet\nTunnel down: connection refused');
    const connecting = makeState({ status: makeStatus({ tunnel: { state: 'connecting', host: 'h' } }) });
    expect(byId(buildTrayMenu(connecting), 'tunnel-url')).toMatchObject({ label: 'Tunnel connecting…', enabled: false });
    expect(trayIconFor(connecting)).toBe('idle');
  });

  it('docker unreachable and warnings appear under the status line and open the dashboard', () => {
    const state = makeState({
      status: makeStatus({ docker: { ok: false, error: 'Docker engine not reachable: connect ENOENT' }, warnings: ['OS keychain unavailable', 'db.json recovered', 'third'] }),
    });
    const menu = buildTrayMenu(state);
    expect(ids(menu).slice(0, 5)).toEqual(['status', 'docker', 'warning:0', 'warning:1', 'sep-status']);
    expect(byId(menu, 'docker')).toEqual({ id: 'docker', type: 'normal', label: '⚠ Docker engine not reachable: connect ENOENT', enabled: true, action: { type: 'open-dashboard' } });
    expect(byId(menu, 'warning:1')).toMatchObject({ label: '⚠ db.json recovered' });
    expect(trayIconFor(state)).toBe('failed');
  });

  it('many components: sorted by name, stable ids, recent list capped', () => {
    const names = Array.from({ length: 12 }, (_, i) => `svc-${String(11 - i).padStart(2, '0')}`);
    const components = names.map((name) => ({ id: `c_${name}`, name, autoBuild: true }));
    const deploys = Array.from({ length: 20 }, (_, i) =>
      makeDeploy({ id: `d_${i}`, componentId: components[i % 12].id, componentName: components[i % 12].name, finishedAt: ago(i * 60_000) }),
    );
    const menu = buildTrayMenu(makeState({ components, deploys }));
    const componentIds = ids(menu).filter((id) => id.startsWith('component:'));
    expect(componentIds).toEqual([...names].sort().map((n) => `component:c_${n}`));
    const recent = byId(menu, 'recent');
    expect(recent.type === 'submenu' && ids(recent.submenu)).toEqual(['d_0', 'd_1', 'd_2', 'd_3', 'd_4', 'd_5', 'd_6', 'd_7'].map((d) => `recent:${d}`));
    // Every id is unique across the whole menu.
    const all: string[] = [];
    const walk = (items: TrayMenuItem[]): void => items.forEach((i) => (all.push(i.id), i.type === 'submenu' && walk(i.submenu)));
    walk(menu);
    expect(new Set(all).size).toBe(all.length);
  });

  it('tooltip never exceeds the Windows limit', () => {
    const state = makeState({
      status: makeStatus({ tunnel: { state: 'online', url: `https://${'x'.repeat(150)}.loca.lt`, host: 'h' } }),
    });
    const tip = trayTooltip(state);
    expect(tip.length).toBe(TOOLTIP_MAX);
    expect(tip.endsWith('…')).toBe(true);
  });
});
