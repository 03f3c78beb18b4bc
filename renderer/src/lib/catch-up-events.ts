/** Catch-up events carry the check: apply them to a component (or a list) instead of re-fetching. */
import type { ApiEvent } from '../../../shared/api';
import type { Component } from '../../../shared/schemas/component';

/** The component with the event's check as its `lastCheck`; undefined if the event is not its check. */
export function applyCatchUpEvent(c: Component, event: ApiEvent): Component | undefined {
  if (event.type !== 'catch-up' || event.componentId !== c.id) return undefined;
  return { ...c, lastCheck: event.check };
}

/** The list with the checked component updated; undefined if not a catch-up event. */
export function applyCatchUpEventToList(list: Component[], event: ApiEvent): Component[] | undefined {
  if (event.type !== 'catch-up') return undefined;
  return list.map((c) => applyCatchUpEvent(c, event) ?? c);
}
