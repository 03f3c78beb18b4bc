import { useEffect, useEffectEvent } from 'react';
import type { ApiEvent } from '../../../shared/api';
import { useClient } from '../api/client-context';

/** Subscribe to engine events for the lifetime of the calling component. */
export function useApiEvent(handler: (event: ApiEvent) => void): void {
  const client = useClient();
  const onEvent = useEffectEvent(handler);
  useEffect(() => client.subscribe((event) => onEvent(event)), [client]);
}
