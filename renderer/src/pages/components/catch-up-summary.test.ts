import { describe, expect, it } from 'vitest';
import type { CatchUpCheck } from '../../../../shared/schemas/catch-up';
import type { Component } from '../../../../shared/schemas/component';
import { summarizeChecks } from './catch-up-summary';

const component = (name: string, lastCheck?: Partial<CatchUpCheck>): Component =>
  ({ id: `c_${name}`, name, ...(lastCheck ? { lastCheck: { at: '2025-01-01T10:00:00.000Z', reason: 'interval', outcome: 'up-to-date', message: '', ...lastCheck } } : {}) }) as Component;

describe('summarizeChecks', () => {
  it('counts what the last checks found, newest time first, failures by name', () => {
    const s = summarizeChecks([
      component('a', {}),
      component('b', { at: '2025-01-01T10:04:00.000Z', outcome: 'nothing' }),
      component('c', { at: '2025-01-01T10:02:00.000Z', outcome: 'queued' }),
      component('d', { outcome: 'queued' }),
      component('e', { outcome: 'ignored' }),
      component('f', { outcome: 'error' }),
      component('never'),
    ]);
    expect(s).toEqual({
      lastAt: '2025-01-01T10:04:00.000Z',
      findings: ['1 up to date', '1 with nothing to deploy', '2 new versions deploying', '1 new version not deployed'],
      failed: ['f'],
    });
  });

  it('says "up to date" when every check found that, and nothing before any check', () => {
    expect(summarizeChecks([component('a', {}), component('b', {})]).findings).toEqual(['up to date']);
    expect(summarizeChecks([component('a', {})]).lastAt).toBe('2025-01-01T10:00:00.000Z');
    expect(summarizeChecks([component('never')])).toEqual({ findings: [], failed: [] });
  });
});
