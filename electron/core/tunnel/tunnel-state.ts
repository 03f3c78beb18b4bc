/**
 * The tunnel's state machine as a pure function, so every transition can be tested without
 * sockets or timers. The manager feeds it what happened and emits whatever changed.
 *
 *   off ──start──▶ connecting ──online──▶ online ──lost──▶ reconnecting ──online──▶ online
 *                      │                                       │ (enough failures)
 *                      └──────────failed──────────▶ error ◀────┘      error ──online──▶ online
 *   any ──stop──▶ off
 */
import type { TunnelStatus } from '../../../shared/schemas/status';

export interface MachineState {
  status: TunnelStatus;
  /** The last URL the server granted (kept across stop/start, to detect a change). */
  lastUrl?: string;
  /** What to say while online when the probe has nothing to report (e.g. subdomain not granted). */
  onlineNote?: string;
}

export type TunnelInput =
  | { type: 'start'; host: string; requestedSubdomain?: string }
  | { type: 'online'; url: string; subdomainMismatch: boolean; note?: string; at: Date }
  /** The tunnel died while online. */
  | { type: 'lost'; reason: string }
  /** An attempt failed; `toError` moves `reconnecting` on to `error`; no `retryAt` = no retry. */
  | { type: 'failed'; reason: string; retryAt?: Date; toError: boolean }
  /** Waiting (not a failure): say why and when the next attempt runs. */
  | { type: 'waiting'; reason: string; retryAt?: Date }
  /** The liveness probe's report while online; undefined = all good. */
  | { type: 'probe'; note?: string }
  | { type: 'stop' };

export interface Transition {
  state: MachineState;
  /** Set when the granted public URL differs from the one granted before. */
  urlChange?: { url: string; previousUrl: string };
  /** Set when a URL is granted that differs from the last known one, the very first included. */
  newUrl?: { url: string; previousUrl?: string };
}

export function initialState(host: string, knownUrl?: string): MachineState {
  return { status: { state: 'off', host }, lastUrl: knownUrl };
}

/** Drops undefined fields so that statuses compare and serialize cleanly. */
function clean(status: TunnelStatus): TunnelStatus {
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== undefined)) as TunnelStatus;
}

function history(status: TunnelStatus): Pick<TunnelStatus, 'previousUrl' | 'urlChangedAt'> {
  return { previousUrl: status.previousUrl, urlChangedAt: status.urlChangedAt };
}

/** Applies one input. Inputs that make no sense in the current state leave it unchanged. */
export function reduce(current: MachineState, input: TunnelInput): Transition {
  const s = current.status;
  const same: Transition = { state: current };
  switch (input.type) {
    case 'start': {
      if (s.state !== 'off' && s.state !== 'error') return same;
      const status = clean({
        state: 'connecting',
        host: input.host,
        requestedSubdomain: input.requestedSubdomain,
        ...history(s),
      });
      return { state: { ...current, status, onlineNote: undefined } };
    }
    case 'online': {
      if (s.state === 'off' || s.state === 'online') return same;
      const changed = current.lastUrl !== undefined && current.lastUrl !== input.url;
      const status = clean({
        state: 'online',
        host: s.host,
        url: input.url,
        requestedSubdomain: s.requestedSubdomain,
        subdomainMismatch: s.requestedSubdomain !== undefined ? input.subdomainMismatch : undefined,
        reason: input.note,
        previousUrl: changed ? current.lastUrl : s.previousUrl,
        urlChangedAt: changed ? input.at.toISOString() : s.urlChangedAt,
      });
      return {
        state: { status, lastUrl: input.url, onlineNote: input.note },
        urlChange: changed ? { url: input.url, previousUrl: current.lastUrl! } : undefined,
        newUrl: current.lastUrl !== input.url ? { url: input.url, previousUrl: current.lastUrl } : undefined,
      };
    }
    case 'lost': {
      if (s.state !== 'online') return same;
      const status = clean({ ...s, state: 'reconnecting', reason: input.reason, nextRetryAt: undefined });
      return { state: { ...current, status } };
    }
    case 'failed': {
      if (s.state !== 'connecting' && s.state !== 'reconnecting' && s.state !== 'error') return same;
      const next = s.state === 'reconnecting' && !input.toError ? 'reconnecting' : 'error';
      const status = clean({
        ...s,
        state: next,
        // while reconnecting the last URL is still shown; in error webhooks fall back to local
        url: next === 'reconnecting' ? s.url : undefined,
        reason: input.reason,
        nextRetryAt: input.retryAt?.toISOString(),
      });
      return { state: { ...current, status } };
    }
    case 'waiting': {
      if (s.state !== 'connecting' && s.state !== 'reconnecting' && s.state !== 'error') return same;
      const status = clean({ ...s, reason: input.reason, nextRetryAt: input.retryAt?.toISOString() });
      return { state: { ...current, status } };
    }
    case 'probe': {
      if (s.state !== 'online') return same;
      const status = clean({ ...s, reason: input.note ?? current.onlineNote });
      return { state: { ...current, status } };
    }
    case 'stop': {
      if (s.state === 'off') return same;
      const status = clean({ state: 'off', host: s.host, requestedSubdomain: s.requestedSubdomain, ...history(s) });
      return { state: { ...current, status, onlineNote: undefined } };
    }
  }
}

/** Field-by-field equality of two statuses (both produced by `reduce`, so no nested objects). */
export function sameStatus(a: TunnelStatus, b: TunnelStatus): boolean {
  const ka = Object.keys(a) as (keyof TunnelStatus)[];
  const kb = Object.keys(b) as (keyof TunnelStatus)[];
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}
