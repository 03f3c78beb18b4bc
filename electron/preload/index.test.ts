import { describe, expect, it, vi } from 'vitest';
import { API_ROUTES } from '../../shared/api';

const exposed: [string, Record<string, unknown>][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));

describe('preload', () => {
  it('exposes one object, window.autodeploy, with only the contract’s operations and subscribe', async () => {
    await import('./index');
    expect(exposed.map(([key]) => key)).toEqual(['autodeploy']);
    const api = exposed[0][1];
    expect(Object.keys(api).sort()).toEqual([...Object.keys(API_ROUTES), 'subscribe'].sort());
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });
});
