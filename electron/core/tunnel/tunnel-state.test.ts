import { describe, expect, it } from 'vitest';
import { initialState, reduce, sameStatus, type MachineState, type TunnelInput } from './tunnel-state';

const host = 'http://localhost:1234';
const at = new Date('2030-01-02T03:04:05.000Z');
const retryAt = new Date('2030-01-02T03:04:09.000Z');

function run(inputs: TunnelInput[], start: MachineState = initialState(host)): MachineState {
  return inputs.reduce((s, i) => reduce(s, i).state, start);
}

describe('tunnel state machine', () => {
  it('goes off → connecting → online with the granted URL', () => {
    const connecting = run([{ type: 'start', host, requestedSubdomain: 'myapp' }]);
    expect(connecting.status).toEqual({ state: 'connecting', host, requestedSubdomain: 'myapp' });
    const t = reduce(connecting, { type: 'online', url: 'http://myapp.localhost:1234', subdomainMismatch: false, at });
    expect(t.state.status).toEqual({
      state: 'online', host, url: 'http://myapp.localhost:1234', requestedSubdomain: 'myapp', subdomainMismatch: false,
    });
    expect(t.urlChange).toBeUndefined();
    expect(t.newUrl).toEqual({ url: 'http://myapp.localhost:1234', previousUrl: undefined });
    expect(t.state.lastUrl).toBe('http://myapp.localhost:1234');
  });

  it('online → reconnecting keeps the last URL; coming back with another URL reports the change', () => {
    const online = run([{ type: 'start', host }, { type: 'online', url: 'http://a.x', subdomainMismatch: false, at }]);
    const lost = reduce(online, { type: 'lost', reason: 'connection refused' }).state;
    expect(lost.status).toMatchObject({ state: 'reconnecting', url: 'http://a.x', reason: 'connection refused' });
    const back = reduce(lost, { type: 'online', url: 'http://b.x', subdomainMismatch: false, at });
    expect(back.urlChange).toEqual({ url: 'http://b.x', previousUrl: 'http://a.x' });
    expect(back.newUrl).toEqual({ url: 'http://b.x', previousUrl: 'http://a.x' });
    expect(back.state.status).toMatchObject({
      state: 'online', url: 'http://b.x', previousUrl: 'http://a.x', urlChangedAt: at.toISOString(),
    });
    expect(back.state.status.reason).toBeUndefined();
  });

  it('coming back with the same URL is not a change', () => {
    const s = run([
      { type: 'start', host },
      { type: 'online', url: 'http://a.x', subdomainMismatch: false, at },
      { type: 'lost', reason: 'gone' },
    ]);
    const t = reduce(s, { type: 'online', url: 'http://a.x', subdomainMismatch: false, at });
    expect(t.urlChange).toBeUndefined();
    expect(t.newUrl).toBeUndefined();
    expect(t.state.status.previousUrl).toBeUndefined();
  });

  it('a failed first attempt is an error with the retry time; a later success goes online', () => {
    const failed = run([{ type: 'start', host }, { type: 'failed', reason: 'refused', retryAt, toError: false }]);
    expect(failed.status).toEqual({ state: 'error', host, reason: 'refused', nextRetryAt: retryAt.toISOString() });
    const again = reduce(failed, { type: 'failed', reason: 'still refused', retryAt, toError: false }).state;
    expect(again.status).toMatchObject({ state: 'error', reason: 'still refused' });
    expect(reduce(again, { type: 'online', url: 'http://a.x', subdomainMismatch: false, at }).state.status.state).toBe('online');
  });

  it('reconnecting stays reconnecting until told to give up to error, which drops the URL', () => {
    const lost = run([
      { type: 'start', host },
      { type: 'online', url: 'http://a.x', subdomainMismatch: false, at },
      { type: 'lost', reason: 'gone' },
    ]);
    const retrying = reduce(lost, { type: 'failed', reason: 'refused', retryAt, toError: false }).state;
    expect(retrying.status).toMatchObject({ state: 'reconnecting', url: 'http://a.x', nextRetryAt: retryAt.toISOString() });
    const error = reduce(retrying, { type: 'failed', reason: 'refused', retryAt, toError: true }).state;
    expect(error.status.state).toBe('error');
    expect(error.status.url).toBeUndefined();
    expect(error.lastUrl).toBe('http://a.x');
  });

  it('a permanent failure has no next retry', () => {
    const s = run([{ type: 'start', host }, { type: 'failed', reason: 'invalid subdomain', toError: true }]);
    expect(s.status).toEqual({ state: 'error', host, reason: 'invalid subdomain' });
  });

  it('subdomain mismatch is recorded and its note is the online reason until a probe says otherwise', () => {
    const online = run([
      { type: 'start', host, requestedSubdomain: 'wanted' },
      { type: 'online', url: 'http://other.x', subdomainMismatch: true, note: 'wanted was taken', at },
    ]);
    expect(online.status).toMatchObject({ subdomainMismatch: true, reason: 'wanted was taken' });
    const probed = reduce(online, { type: 'probe', note: 'does not resolve' }).state;
    expect(probed.status.reason).toBe('does not resolve');
    expect(reduce(probed, { type: 'probe' }).state.status.reason).toBe('wanted was taken');
  });

  it('without a requested subdomain there is no mismatch flag', () => {
    const s = run([{ type: 'start', host }, { type: 'online', url: 'http://r.x', subdomainMismatch: false, at }]);
    expect(s.status.subdomainMismatch).toBeUndefined();
  });

  it('waiting updates reason and retry time without changing state', () => {
    const s = run([{ type: 'start', host, requestedSubdomain: 'abcd' }, { type: 'waiting', reason: 'taken, trying again', retryAt }]);
    expect(s.status).toMatchObject({ state: 'connecting', reason: 'taken, trying again', nextRetryAt: retryAt.toISOString() });
  });

  it('stop goes off from anywhere, keeps URL history, and a restart detects a changed URL', () => {
    const changed = run([
      { type: 'start', host },
      { type: 'online', url: 'http://a.x', subdomainMismatch: false, at },
      { type: 'lost', reason: 'gone' },
      { type: 'online', url: 'http://b.x', subdomainMismatch: false, at },
    ]);
    const off = reduce(changed, { type: 'stop' }).state;
    expect(off.status).toEqual({ state: 'off', host, previousUrl: 'http://a.x', urlChangedAt: at.toISOString() });
    const restarted = run([{ type: 'start', host }], off);
    const t = reduce(restarted, { type: 'online', url: 'http://c.x', subdomainMismatch: false, at });
    expect(t.urlChange).toEqual({ url: 'http://c.x', previousUrl: 'http://b.x' });
    for (const s of ['connecting', 'error', 'reconnecting'] as const) {
      const st: MachineState = { status: { state: s, host } };
      expect(reduce(st, { type: 'stop' }).state.status.state).toBe('off');
    }
  });

  it('a URL known from before (persisted) counts as the previous one', () => {
    const s = run([{ type: 'start', host }], initialState(host, 'http://old.x'));
    expect(reduce(s, { type: 'online', url: 'http://new.x', subdomainMismatch: false, at }).urlChange)
      .toEqual({ url: 'http://new.x', previousUrl: 'http://old.x' });
  });

  it('ignores inputs that make no sense in the current state', () => {
    const off = initialState(host);
    const nonsense: TunnelInput[] = [
      { type: 'online', url: 'http://a.x', subdomainMismatch: false, at },
      { type: 'lost', reason: 'x' },
      { type: 'failed', reason: 'x', toError: true },
      { type: 'waiting', reason: 'x' },
      { type: 'probe', note: 'x' },
      { type: 'stop' },
    ];
    for (const input of nonsense) expect(reduce(off, input).state).toBe(off);
    const online = run([{ type: 'start', host }, { type: 'online', url: 'http://a.x', subdomainMismatch: false, at }]);
    expect(reduce(online, { type: 'start', host }).state).toBe(online);
    expect(reduce(online, { type: 'failed', reason: 'x', toError: true }).state).toBe(online);
    expect(reduce(online, { type: 'online', url: 'http://z.x', subdomainMismatch: false, at }).state).toBe(online);
  });

  it('sameStatus compares field by field', () => {
    expect(sameStatus({ state: 'off', host }, { state: 'off', host })).toBe(true);
    expect(sameStatus({ state: 'off', host }, { state: 'off', host, reason: 'x' })).toBe(false);
    expect(sameStatus({ state: 'off', host, reason: 'y' }, { state: 'off', host, reason: 'x' })).toBe(false);
  });
});
