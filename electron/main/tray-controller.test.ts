import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrayAction, TrayIconName, TrayMenuItem } from '../../shared/tray-menu';
import { EventBus } from '../core/events';
import { FakeApi } from '../../test/electron/fake-api';
import { TrayController } from './tray-controller';
import { toMenuTemplate } from './tray-template';

afterEach(() => vi.useRealTimers());

function setup() {
  const api = new FakeApi();
  const bus = new EventBus();
  const renders: { items: TrayMenuItem[]; icon: TrayIconName; tooltip: string }[] = [];
  const controller = new TrayController({
    api,
    subscribe: (fn) => bus.subscribe(fn),
    view: { render: (items, icon, tooltip) => renders.push({ items, icon, tooltip }) },
    debounceMs: 100,
  });
  return { api, bus, renders, controller };
}

describe('TrayController', () => {
  it('renders at start, then once per burst of relevant events', async () => {
    const { api, bus, renders, controller } = setup();
    await controller.start();
    expect(renders).toHaveLength(1);
    vi.useFakeTimers();
    for (let i = 0; i < 10; i++) bus.emit({ type: 'status-changed' });
    bus.emit({ type: 'deploy-log', deployId: 'd_1', componentId: 'c_web', line: 'step 1' });
    await vi.advanceTimersByTimeAsync(500);
    expect(renders).toHaveLength(2);
    expect(api.callsOf('listComponents')).toHaveLength(2);
    controller.stop();
  });

  it('log lines and deliveries alone do not rebuild the menu', async () => {
    const { bus, renders, controller } = setup();
    await controller.start();
    vi.useFakeTimers();
    bus.emit({ type: 'deploy-log', deployId: 'd_1', componentId: 'c_web', line: 'x' });
    await vi.advanceTimersByTimeAsync(500);
    expect(renders).toHaveLength(1);
    controller.stop();
  });

  it('keeps the last menu when the engine fails to answer', async () => {
    const { api, renders, controller } = setup();
    await controller.start();
    api.getStatus = () => Promise.reject(new Error('engine stopped'));
    await controller.refresh();
    expect(renders).toHaveLength(1);
    controller.stop();
  });

  it('a refresh asked for during a refresh runs once more afterwards, never in parallel', async () => {
    const { api, renders, controller } = setup();
    let inFlight = 0;
    let maxInFlight = 0;
    const original = api.listComponents.bind(api);
    api.listComponents = async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return original();
    };
    await Promise.all([controller.refresh(), controller.refresh(), controller.refresh()]);
    await vi.waitFor(() => expect(renders).toHaveLength(2));
    expect(maxInFlight).toBe(1);
  });
});

describe('toMenuTemplate', () => {
  it('keeps ids, flags and structure, escapes "&", and clicks dispatch the action', () => {
    const dispatched: TrayAction[] = [];
    const template = toMenuTemplate(
      [
        { id: 'a', type: 'checkbox', label: 'Auto-deploy', enabled: true, checked: true, action: { type: 'set-auto-deploy', enabled: false } },
        { id: 's', type: 'separator' },
        { id: 'i', type: 'normal', label: 'Tom & Jerry', enabled: false },
        { id: 'sub', type: 'submenu', label: 'web', enabled: true, submenu: [{ id: 'q', type: 'normal', label: 'Quit', enabled: true, action: { type: 'quit' } }] },
      ],
      (a) => dispatched.push(a),
    );
    expect(template.map(({ click: _c, submenu: _s, ...rest }) => rest)).toEqual([
      { id: 'a', type: 'checkbox', label: 'Auto-deploy', enabled: true, checked: true },
      { id: 's', type: 'separator' },
      { id: 'i', type: 'normal', label: 'Tom && Jerry', enabled: false },
      { id: 'sub', type: 'submenu', label: 'web', enabled: true },
    ]);
    expect(template[2].click).toBeUndefined();
    (template[0].click as () => void)();
    const sub = template[3].submenu as { click: () => void }[];
    sub[0].click();
    expect(dispatched).toEqual([{ type: 'set-auto-deploy', enabled: false }, { type: 'quit' }]);
  });
});
