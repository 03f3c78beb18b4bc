/** The delivery log: every webhook request received, and what came of it. */
import * as z from 'zod';
import { DELIVERY_OUTCOMES } from '../delivery-outcomes';

export const deliveryOutcome = z.enum(DELIVERY_OUTCOMES);
export const delivery = z.object({
  id: z.string(),
  receivedAt: z.string(),
  /** github, gitee, gitlab, gitea, gogs, bitbucket, dockerhub, aliyun, harbor, distribution, quay, ghcr, api, unknown. */
  provider: z.string(),
  trigger: z.enum(['git', 'image', 'api']).optional(),
  event: z.string().optional(),
  providerDeliveryId: z.string().optional(),
  verified: z.boolean(),
  componentId: z.string().optional(),
  componentName: z.string().optional(),
  outcome: deliveryOutcome,
  status: z.number().int(),
  reason: z.string().optional(),
  deployId: z.string().optional(),
  /** The socket peer (behind the tunnel: the tunnel client on 127.0.0.1). */
  remoteAddress: z.string().optional(),
  /** X-Forwarded-For as the sender wrote it: information only, never trusted (it can be forged). */
  forwardedFor: z.string().optional(),
  /** A row that stands for this many refused requests (beyond the per-hook log budget). */
  count: z.number().int().optional(),
  /** e.g. branch and commit, or image:tag — never secrets or signatures. */
  summary: z.string().optional(),
});
export type Delivery = z.infer<typeof delivery>;
export type DeliveryOutcome = z.infer<typeof deliveryOutcome>;
