import type { DeployState } from '../../../shared/schemas/deploy';

const TONE: Record<DeployState, string> = {
  queued: 'neutral',
  building: 'busy',
  pulling: 'busy',
  deploying: 'busy',
  succeeded: 'good',
  failed: 'bad',
  'rolled-back': 'warn',
  superseded: 'neutral',
  cancelled: 'neutral',
  skipped: 'neutral',
};

/** A deploy state as a coloured label; the text carries the meaning, not the colour. */
export function StateBadge({ state }: { state: DeployState }) {
  return (
    <span className={`badge ${TONE[state]}`} data-state={state}>
      {state}
    </span>
  );
}
