import { describe, expect, it } from 'vitest';
import { hooks, makeDeploy, makeSettings } from '../test/electron/fixtures';
import { formatAge, formatDuration, versionOf } from './deploy-text';
import { burstSummary, copiedNotification, deployNotification, tunnelUrlNotification } from './notifications';

const prefs = makeSettings().notifications;
const timed = { createdAt: '2030-01-01T00:00:00.000Z', startedAt: '2030-01-01T00:00:01.000Z', finishedAt: '2030-01-01T00:00:13.000Z' };

describe('deploy notifications', () => {
  it('success says what was deployed and how long it took', () => {
    const d = makeDeploy({ id: 'd_7', componentId: 'c_web', componentName: 'web', target: { tag: 'v5.2' }, ...timed });
    expect(deployNotification(d, prefs)).toEqual({ title: 'web deployed', body: 'web deployed v5.2 in 12 s', route: '/deploys/d_7' });
  });

  it('an up-to-date success says nothing changed', () => {
    const d = makeDeploy({ id: 'd_8', componentId: 'c_web', result: { image: 'web:v5.2', tag: 'v5.2', upToDate: true }, ...timed });
    expect(deployNotification(d, prefs)).toMatchObject({ title: 'web is up to date', body: 'web already runs v5.2; nothing changed.' });
  });

  it('failure shows the first line of the reason', () => {
    const d = makeDeploy({ id: 'd_9', componentId: 'c_api', state: 'failed', target: { commit: '0123456789abcdef' }, reason: '\nstep 3/7: npm ci exited 1\nnpm ERR! ...' });
    expect(deployNotification(d, prefs)).toEqual({ title: 'api 0123456 failed to deploy', body: 'step 3/7: npm ci exited 1', route: '/deploys/d_9' });
  });

  it('rollback says the previous version runs again', () => {
    const d = makeDeploy({ id: 'd_10', componentId: 'c_web', state: 'rolled-back', target: { tag: 'v5.3' }, reason: 'health check failed after 30 s' });
    expect(deployNotification(d, prefs)).toEqual({
      title: 'web v5.3 rolled back',
      body: 'health check failed after 30 s. The previous version is running again.',
      route: '/deploys/d_10',
    });
  });

  it('respects the settings and ignores non-final or uninteresting states', () => {
    const off = { succeeded: false, failed: false, rolledBack: false, tunnelUrlChanged: false };
    for (const state of ['succeeded', 'failed', 'rolled-back'] as const) {
      const d = makeDeploy({ id: 'd', componentId: 'c_x', state });
      expect(deployNotification(d, off)).toBeUndefined();
      expect(deployNotification(d, prefs)).toBeDefined();
    }
    for (const state of ['queued', 'building', 'pulling', 'deploying', 'superseded', 'cancelled'] as const) {
      expect(deployNotification(makeDeploy({ id: 'd', componentId: 'c_x', state }), prefs)).toBeUndefined();
    }
  });

  it('a burst becomes one summary that opens the first failure', () => {
    const deploys = [
      makeDeploy({ id: 'd_1', componentId: 'c_a' }),
      makeDeploy({ id: 'd_2', componentId: 'c_b', state: 'failed' }),
      makeDeploy({ id: 'd_3', componentId: 'c_c' }),
      makeDeploy({ id: 'd_4', componentId: 'c_d' }),
      makeDeploy({ id: 'd_5', componentId: 'c_e' }),
    ];
    expect(burstSummary(deploys)).toEqual({ title: '5 deploys finished', body: '4 succeeded, 1 failed: b', route: '/deploys/d_2' });
    expect(burstSummary(deploys.filter((d) => d.state === 'succeeded'))).toEqual({ title: '4 deploys finished', body: '4 succeeded', route: '/deploys/d_5' });
  });
});

describe('tunnel and copy notifications', () => {
  it('a changed tunnel URL asks to update webhooks', () => {
    expect(tunnelUrlNotification({ url: 'https://new.loca.lt', previousUrl: 'https://old.loca.lt' }, prefs)).toEqual({
      title: 'Public URL changed — update your webhooks',
      body: 'Webhooks now need https://new.loca.lt instead of https://old.loca.lt.',
      route: '/',
    });
    expect(tunnelUrlNotification({ url: 'https://same', previousUrl: 'https://same' }, prefs)).toBeUndefined();
    expect(tunnelUrlNotification({ previousUrl: 'https://old' }, prefs)).toBeUndefined();
    expect(tunnelUrlNotification({ url: 'https://new' }, { ...prefs, tunnelUrlChanged: false })).toBeUndefined();
  });

  it('copying a local URL warns that providers cannot reach it', () => {
    const [local] = hooks('c_web', 'local', ['git']);
    expect(copiedNotification('web', local)).toEqual({
      title: "Copied web's Git webhook URL — local only",
      body: 'The tunnel is off, so GitHub or a registry cannot reach http://127.0.0.1:7780/hooks/h_c_web/git. Turn the tunnel on and copy it again.',
      route: '/',
    });
    const [pub] = hooks('c_web', 'tunnel', ['image']);
    expect(copiedNotification('web', pub)).toEqual({ title: "Copied web's image webhook URL", body: 'https://abc.loca.lt/hooks/h_c_web/image', route: '/' });
  });
});

describe('deploy texts', () => {
  it('formats durations and ages', () => {
    expect([400, 2500, 12_400, 125_000, 120_000, 3_780_000].map(formatDuration)).toEqual(['0.4 s', '2.5 s', '12 s', '2 min 5 s', '2 min', '1 h 3 min']);
    const now = Date.parse('2030-01-01T12:00:00Z');
    expect(['2030-01-01T11:59:30Z', '2030-01-01T11:57:00Z', '2030-01-01T09:00:00Z', '2029-12-29T12:00:00Z', '2030-01-01T12:05:00Z'].map((t) => formatAge(t, now))).toEqual([
      'just now', '3 min ago', '3 h ago', '3 d ago', 'just now',
    ]);
  });

  it('names the version from tag, commit or image', () => {
    expect(versionOf({ target: { tag: 'v1' } })).toBe('v1');
    expect(versionOf({ target: { commit: 'deadbeefcafe' } })).toBe('deadbee');
    expect(versionOf({ target: {}, result: { image: 'registry:5000/team/web:v9@sha256:abc' } })).toBe('v9');
    expect(versionOf({ target: {}, result: { image: 'registry:5000/team/web' } })).toBeUndefined();
    expect(versionOf({ target: { image: 'sha256:0123' } })).toBeUndefined();
  });
});
