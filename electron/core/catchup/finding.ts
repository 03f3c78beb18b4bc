/** What one check of one source found, before the ingest stage decides. */
import type { ParsedDelivery } from '../ingest/parsed-event';

export type Finding =
  /** What runs is what the source offers: nothing to do. */
  | { kind: 'up-to-date'; message: string; found?: string }
  /** Nothing to compare or nothing the rule accepts: nothing to do. */
  | { kind: 'nothing'; message: string; found?: string }
  /** A version newer than what runs, judged by the repository itself (not a descendant, ...). */
  | { kind: 'refused'; message: string; found: string; key: string }
  /** The same version as the last check judged (not fetched or handed over again). */
  | { kind: 'seen'; found: string; key: string }
  /** A candidate for a deploy: goes through the ingest stage like a webhook's push. */
  | { kind: 'candidate'; found: string; key: string; trigger: 'git' | 'image'; delivery: ParsedDelivery };
