/** Deploy events carry the whole deploy: apply them to lists in place instead of re-fetching. */
import type { ApiEvent } from '../../../shared/api';
import type { Deploy } from '../../../shared/schemas/deploy';

/** The list with the event's deploy replaced or (if new and wanted) prepended; undefined if not a deploy event. */
export function applyDeployEvent(list: Deploy[], event: ApiEvent, componentId?: string, limit = 200): Deploy[] | undefined {
  if (event.type !== 'deploy') return undefined;
  const d = event.deploy;
  if (componentId && d.componentId !== componentId) return list;
  const i = list.findIndex((x) => x.id === d.id);
  if (i >= 0) return list.map((x, j) => (j === i ? d : x));
  return [d, ...list].slice(0, limit);
}
