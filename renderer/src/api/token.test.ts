import { describe, expect, it } from 'vitest';
import { takeToken, tokenFromInput } from './token';

function place(hash: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  return {
    replaced,
    storage,
    p: {
      location: { hash, pathname: '/', search: '' },
      history: { replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => void storage.set(k, v),
        removeItem: (k: string) => void storage.delete(k),
      },
    },
  };
}

describe('headless login token', () => {
  it('moves the token from the URL into session storage and off the address bar', () => {
    const t = place('#token=abc%2Fdef');
    expect(takeToken(t.p)).toBe('abc/def');
    expect(t.replaced).toEqual(['/#/']);
    expect([...t.storage.values()]).toEqual(['abc/def']);
  });
  it('keeps a route that came with the token', () => {
    const t = place('#/deploys/d1&token=xyz');
    expect(takeToken(t.p)).toBe('xyz');
    expect(t.replaced).toEqual(['/#/deploys/d1']);
  });
  it('uses the stored token when the URL has none, and leaves the URL alone', () => {
    const t = place('#/settings', { 'autodeploy.controlToken': 'kept' });
    expect(takeToken(t.p)).toBe('kept');
    expect(t.replaced).toEqual([]);
    expect(takeToken(place('').p)).toBeNull();
  });
  it('accepts a pasted dashboard link or a bare token', () => {
    expect(tokenFromInput(' http://127.0.0.1:7781/#token=tok123 ')).toBe('tok123');
    expect(tokenFromInput('tok456')).toBe('tok456');
  });
});
