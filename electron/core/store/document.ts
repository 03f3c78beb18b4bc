/** The shape of db.json: a versioned document validated with zod on load. */
import * as z from 'zod';
import {
  apiTrigger,
  componentName,
  componentSource,
  deploySettings,
  gitTrigger,
  imageTrigger,
  runningState,
} from '../../../shared/schemas/component';
import { delivery } from '../../../shared/schemas/delivery';
import { deploy } from '../../../shared/schemas/deploy';
import { settings } from '../../../shared/schemas/settings';

export const SCHEMA_VERSION = 2;

/** Sealed values (see SecretSealer); never plaintext. */
export const storedSecrets = z.object({
  git: z.string().optional(),
  api: z.string().optional(),
  gitToken: z.string().optional(),
  registryPassword: z.string().optional(),
});
export type StoredSecrets = z.infer<typeof storedSecrets>;

export const storedComponent = z.object({
  id: z.string(),
  name: componentName,
  autoBuild: z.boolean(),
  source: componentSource,
  triggers: z.object({ git: gitTrigger.optional(), image: imageTrigger.optional(), api: apiTrigger.optional() }),
  deploy: deploySettings,
  /** Capability in the webhook URLs (≥128 bits, base64url). */
  hookId: z.string().min(22),
  secrets: storedSecrets,
  running: runningState.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StoredComponent = z.infer<typeof storedComponent>;

export const dbDocument = z.object({
  version: z.literal(SCHEMA_VERSION),
  settings,
  components: z.array(storedComponent),
  /** Newest first, bounded by settings.historyLimit. */
  deploys: z.array(deploy),
  /** Newest first, bounded by settings.deliveryLogLimit. */
  deliveries: z.array(delivery),
  /** Engine state worth keeping across restarts (not user settings). */
  runtime: z.object({ lastTunnelUrl: z.string().optional() }).default({}),
});
export type DbDocument = z.infer<typeof dbDocument>;

export const emptyDocument = (): DbDocument => dbDocument.parse({
  version: SCHEMA_VERSION,
  settings: {},
  components: [],
  deploys: [],
  deliveries: [],
  runtime: {},
});
