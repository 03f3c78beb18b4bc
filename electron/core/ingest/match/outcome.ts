/** What matching decides: a deploy request to make, or the reason nothing happens. */
import type { DeployTarget, DeployTrigger } from '../../../../shared/schemas/deploy';

export type MatchOutcome =
  | {
      deploy: true;
      target: DeployTarget;
      /** Trigger fields beyond kind/provider/deliveryId, which the caller knows. */
      trigger: Pick<DeployTrigger, 'ref' | 'pusher' | 'message'>;
      /** For the delivery log, e.g. `main@4d2a8b9` or `acme/shop-api:1.4.2`. */
      summary: string;
      reason: string;
    }
  | { deploy: false; reason: string; summary?: string };

/** First line of a commit message, bounded, for display. */
export function firstLine(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const line = message.split('\n', 1)[0].trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Quote an untrusted value for a reason text, bounded. */
export function q(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
