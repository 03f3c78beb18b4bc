import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../shared/api';
import type { NotificationSpec } from '../../shared/notifications';
import { EventBus } from '../core/events';
import { makeDeploy, makeSettings } from '../../test/electron/fixtures';
import { DeployNotifier } from './deploy-notifier';

let bus: EventBus;
let shown: NotificationSpec[];
let notifier: DeployNotifier;
const finished = (i: number, state: 'succeeded' | 'failed' = 'succeeded'): ApiEvent => ({
  type: 'deploy',
  deploy: makeDeploy({ id: `d_${i}`, componentId: `c_s${i}`, state }),
});

beforeEach(() => {
  vi.useFakeTimers();
  bus = new EventBus();
  shown = [];
  notifier = new DeployNotifier({ subscribe: (fn) => bus.subscribe(fn), prefs: makeSettings().notifications, notifier: { show: (s) => shown.push(s) } });
});
afterEach(() => {
  notifier.dispose();
  vi.useRealTimers();
});

describe('DeployNotifier', () => {
  it('waits for a quiet spell, then shows up to three deploys one by one', () => {
    [1, 2, 3].forEach((i) => bus.emit(finished(i)));
    vi.advanceTimersByTime(1400);
    expect(shown).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(shown.map((s) => s.title)).toEqual(['s1 deployed', 's2 deployed', 's3 deployed']);
  });

  it('four or more in one batch become a single summary', () => {
    [1, 2, 3, 4].forEach((i) => bus.emit(finished(i, i === 2 ? 'failed' : 'succeeded')));
    vi.advanceTimersByTime(2000);
    expect(shown).toEqual([{ title: '4 deploys finished', body: '3 succeeded, 1 failed: s2', route: '/deploys/d_2' }]);
  });

  it('a steady stream is still reported within the maximum wait', () => {
    for (let i = 0; i < 6; i++) {
      bus.emit(finished(i));
      vi.advanceTimersByTime(1000);
    }
    // 5 s after the first one the batch is flushed even though deploys keep coming.
    expect(shown).toEqual([{ title: '5 deploys finished', body: '5 succeeded', route: '/deploys/d_4' }]);
    vi.advanceTimersByTime(2000);
    expect(shown.map((s) => s.title)).toEqual(['5 deploys finished', 's5 deployed']);
  });

  it('notifies once per deploy, and not for progress or disabled kinds', () => {
    bus.emit({ type: 'deploy', deploy: makeDeploy({ id: 'd_1', componentId: 'c_a', state: 'building' }) });
    bus.emit(finished(1));
    bus.emit(finished(1));
    bus.emit({ type: 'settings-changed', settings: makeSettings({ notifications: { succeeded: true, failed: false, rolledBack: true, tunnelUrlChanged: true } }) });
    bus.emit(finished(2, 'failed'));
    vi.advanceTimersByTime(2000);
    expect(shown.map((s) => s.title)).toEqual(['s1 deployed']);
  });

  it('tunnel URL changes are shown at once', () => {
    bus.emit({ type: 'tunnel-url-changed', url: 'https://b.loca.lt', previousUrl: 'https://a.loca.lt' });
    expect(shown).toHaveLength(1);
    expect(shown[0].title).toBe('Public URL changed — update your webhooks');
  });

  it('dispose drops pending notifications and stops listening', () => {
    bus.emit(finished(1));
    notifier.dispose();
    bus.emit(finished(2));
    vi.advanceTimersByTime(10_000);
    expect(shown).toEqual([]);
  });
});
