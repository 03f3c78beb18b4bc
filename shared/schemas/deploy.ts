/** A deploy: one request to put a version of a component in place, and what became of it. */
import * as z from 'zod';

export const DEPLOY_STATES = [
  'queued',
  'building',
  'pulling',
  'deploying',
  'succeeded',
  'failed',
  'rolled-back',
  'superseded',
  'cancelled',
  /** The repository or registry said this request should not deploy (keyword, older version). */
  'skipped',
] as const;
export const deployState = z.enum(DEPLOY_STATES);
export type DeployState = z.infer<typeof deployState>;
export const FINAL_STATES: ReadonlySet<DeployState> = new Set(['succeeded', 'failed', 'rolled-back', 'superseded', 'cancelled', 'skipped']);
export const isFinal = (s: DeployState): boolean => FINAL_STATES.has(s);

/** What caused the deploy. */
export const deployTrigger = z.object({
  kind: z.enum(['git', 'image', 'api', 'manual', 'rollback', 'catch-up']),
  /** e.g. github, gitee, dockerhub, harbor, distribution. */
  provider: z.string().optional(),
  deliveryId: z.string().optional(),
  ref: z.string().optional(),
  pusher: z.string().optional(),
  /** First line of the head commit message, for display. */
  message: z.string().optional(),
});
export type DeployTrigger = z.infer<typeof deployTrigger>;

/** What version was asked for. Git: commit (and branch); image: tag (and digest hint). */
export const deployTarget = z.object({
  commit: z.string().optional(),
  branch: z.string().optional(),
  tag: z.string().optional(),
  digest: z.string().optional(),
  /** Rollback: the image id/reference of an earlier deploy to put back. */
  image: z.string().optional(),
  rollbackOf: z.string().optional(),
  /**
   * The repository must show a commit whose message contains `@keyword` in `since..commit`
   * (`since` absent = the commit itself), else the deploy ends `skipped`. For senders whose
   * payload lists no commit messages (Bitbucket Server / Data Center).
   */
  keywordCheck: z.object({ keyword: z.string(), since: z.string().optional() }).optional(),
});
export type DeployTarget = z.infer<typeof deployTarget>;

export const deployResult = z.object({
  image: z.string(),
  imageId: z.string().optional(),
  digest: z.string().optional(),
  containerId: z.string().optional(),
  serviceId: z.string().optional(),
  commit: z.string().optional(),
  tag: z.string().optional(),
  upToDate: z.boolean().optional(),
});
export type DeployResult = z.infer<typeof deployResult>;

export const deploy = z.object({
  id: z.string(),
  componentId: z.string(),
  componentName: z.string(),
  state: deployState,
  trigger: deployTrigger,
  target: deployTarget,
  createdAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** Why it failed / was rolled back / superseded / ignored. */
  reason: z.string().optional(),
  result: deployResult.optional(),
  supersededBy: z.string().optional(),
});
export type Deploy = z.infer<typeof deploy>;

/** A request to deploy, as the triggers and the API produce it. */
export interface DeployRequest {
  componentId: string;
  trigger: DeployTrigger;
  target: DeployTarget;
}
