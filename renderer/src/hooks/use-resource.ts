/**
 * Load something from the API and keep it fresh: "signal, then re-fetch". Events matching
 * `refetchOn` (and a reconnect of the event stream) trigger a reload; a burst of events while
 * a load is in flight collapses into one more load. Events that carry the data itself (a
 * deploy's new state) can be applied directly with `apply`, so every step shows, in order.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { ApiEvent, AutoDeployClient } from '../../../shared/api';
import { onResync, useClient } from '../api/client-context';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first load for the current key settles. */
  loading: boolean;
  reload: () => void;
}

interface Snapshot<T> {
  key: string;
  data?: T;
  error?: unknown;
  settled: boolean;
}

export function useResource<T>(
  key: string,
  load: (client: AutoDeployClient) => Promise<T>,
  refetchOn?: (event: ApiEvent) => boolean,
  /** The updated data for an event that carries it, or undefined (then `refetchOn` decides). */
  apply?: (data: T, event: ApiEvent) => T | undefined,
): Resource<T> {
  const client = useClient();
  const [snap, setSnap] = useState<Snapshot<T>>({ key, settled: false });
  const reloadRef = useRef<() => void>(() => undefined);
  const doLoad = useEffectEvent(() => load(client));
  const matches = useEffectEvent((event: ApiEvent) => refetchOn?.(event) ?? false);
  const applyTo = useEffectEvent((data: T, event: ApiEvent) => apply?.(data, event));

  useEffect(() => {
    let cancelled = false;
    let inFlight = false;
    let again = false;
    // An event applied while a load was in flight makes that load's answer possibly older.
    let stale = false;
    let current: T | undefined;
    const publish = (data: T) => {
      current = data;
      setSnap({ key, data, settled: true });
    };
    const fetchNow = (): void => {
      if (cancelled) return;
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      stale = false;
      doLoad()
        .then(
          (data) => {
            if (cancelled) return;
            if (stale) again = true;
            else publish(data);
          },
          (error: unknown) =>
            !cancelled && setSnap((s) => ({ key, data: s.key === key ? s.data : undefined, error, settled: true })),
        )
        .finally(() => {
          inFlight = false;
          if (again) {
            again = false;
            fetchNow();
          }
        });
    };
    reloadRef.current = fetchNow;
    fetchNow();
    const unsubscribe = client.subscribe((event) => {
      const next = current === undefined ? undefined : applyTo(current, event);
      if (next !== undefined) {
        publish(next);
        if (inFlight) stale = true;
      } else if (matches(event)) fetchNow();
    });
    const unResync = onResync(client, fetchNow);
    return () => {
      cancelled = true;
      unsubscribe();
      unResync();
    };
  }, [client, key]);

  const reload = useCallback(() => reloadRef.current(), []);
  const current = snap.key === key ? snap : { key, settled: false, data: undefined, error: undefined };
  return { data: current.data, error: current.error, loading: !current.settled, reload };
}
