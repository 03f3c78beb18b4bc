/**
 * The seams between engine modules. The service (the `AutoDeployApi` implementation) and the
 * webhook listener depend on these interfaces; `engine.ts` wires the real implementations.
 */
import type { Deploy, DeployRequest } from '../../shared/schemas/deploy';
import type { DockerStatus, RunningJob, TunnelStatus } from '../../shared/schemas/status';

/** The deploy engine as seen by everything else (implemented in core/deploy). */
export interface DeployScheduler {
  /**
   * Record a `queued` deploy and schedule it. One job at a time per component: a pending
   * (not yet started) request for the same component is marked `superseded` by this one.
   */
  request(req: DeployRequest): Promise<Deploy>;
  /** Cancel a queued or running deploy. */
  cancel(deployId: string): Promise<Deploy>;
  /** Put back an earlier successful deploy's image (default: the one before the current). */
  rollback(componentId: string, deployId?: string): Promise<Deploy>;
  runningJobs(): RunningJob[];
  /**
   * The tags the registry holds for an image component's repository (same credentials as a
   * pull). Throws an ApiError (`validation` for a git component, `unavailable` when the registry
   * cannot be asked, with the registry's reason).
   */
  registryTags(componentId: string): Promise<{ tags: string[]; truncated: boolean }>;
  /** Remove what the app created for a component (container/service, kept images). */
  removeComponentResources(componentId: string, removeContainer: boolean): Promise<boolean>;
  /** Start-up: mark interrupted jobs failed, reconcile containers. */
  start(): Promise<void>;
  /** Stop taking jobs, wait for running ones up to the limit. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Docker engine reachability, for status. */
export interface DockerProbe {
  status(): Promise<DockerStatus>;
}

/** The public tunnel (implemented in core/tunnel). */
export interface TunnelController {
  status(): TunnelStatus;
  start(): Promise<TunnelStatus>;
  stop(): Promise<TunnelStatus>;
  /** Apply changed tunnel settings: reconnect if running, stay off if off. */
  restart(): Promise<TunnelStatus>;
  close(): Promise<void>;
}
