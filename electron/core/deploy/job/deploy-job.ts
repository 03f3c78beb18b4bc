/**
 * One deploy job from start to outcome: get the image (rollback image, git build or registry
 * pull), then put it in place (container swap or Swarm update). Returns what to record; the
 * manager persists it.
 */
import type { RunningState } from '../../../../shared/schemas/component';
import type { Deploy, DeployResult, DeployState } from '../../../../shared/schemas/deploy';
import type { StoredComponent } from '../../store/document';
import type { SecretSealer } from '../../store/sealer';
import { revealStored } from '../../store/secrets';
import type { ContainerEngine, ImageDetails } from '../engine/container-engine';
import { LABEL, configHash, serviceName } from '../runtime/container-spec';
import { ContainerConflict, findCurrentContainer } from '../runtime/container-replace';
import { buildFromGit } from '../source/git-build';
import { Cancelled, JobFailed, Skipped } from '../errors';
import { fetchImage } from '../source/image-source';
import { deploySwarm } from '../runtime/swarm-deploy';
import type { ProxyEnv } from '../runtime/proxy/proxy-container';
import { swapContainer } from '../runtime/swap-container';
import { proxiedWhere, publishedWhere } from './running-where';

export interface JobContext {
  engine: ContainerEngine;
  sealer: SecretSealer;
  workDir: string;
  dockerConfigDir?: string;
  /** A deploy record by id (a rollback looks up the deploy it puts back). */
  findDeploy: (id: string) => Deploy | undefined;
  /** The app's reverse proxy, for components in zero-downtime mode. */
  proxy?: ProxyEnv;
  /** The component's succeeded deploys, newest first (bounded by the history limit). */
  deploysOf?: (componentId: string) => Deploy[];
}
export interface JobOutcome {
  state: Extract<DeployState, 'succeeded' | 'failed' | 'rolled-back' | 'cancelled' | 'skipped'>;
  reason?: string;
  result?: DeployResult;
  /** Set on success (not for "already up to date"). */
  running?: RunningState;
}
interface Acquired {
  image: string;
  details: ImageDetails;
  commit?: string;
  tag?: string;
  digest?: string;
}

/**
 * An image webhook only moves forward: a digest that ran in an earlier deploy and was
 * replaced since is stale (a replayed or late notification of an older push).
 */
export function staleDigestReason(comp: StoredComponent, earlier: Deploy[], tag: string | undefined): (digest: string) => string | undefined {
  return (digest) => {
    if (comp.running?.digest === digest) return undefined;
    const ran = earlier.find((d) => d.componentId === comp.id && d.state === 'succeeded' && d.result?.digest === digest);
    if (!ran) return undefined;
    return `stale: ${tag ? `tag ${tag} resolves to ` : ''}${digest.slice(0, 19)}…, which ran in deploy ${ran.id} and was replaced since; a webhook only moves forward`;
  };
}

/** A source error as the job reports it: cancelled, skipped (the source said no), or failed. */
function sourceFailure(err: Error, signal: AbortSignal, what: string): Error {
  if (err instanceof Cancelled || signal.aborted) return new Cancelled();
  if (err instanceof Skipped) return err;
  return new JobFailed(`${what}: ${err.message}`);
}

/** Webhooks and catch-up move a component forward only; people (deploy now, rollback, the custom API) may move it anywhere. */
export const isAutomatic = (deploy: Deploy): boolean => ['git', 'image', 'catch-up'].includes(deploy.trigger.kind);

const withLastLines = (reason: string, lines?: string): string => (lines ? `${reason}\nLast lines of the new container:\n${lines}` : reason);

async function isRunningDigest(engine: ContainerEngine, comp: StoredComponent, digest: string): Promise<boolean> {
  const r = comp.running;
  if (!r || r.digest !== digest) return false;
  if (comp.deploy.target === 'swarm') {
    const svc = await engine.inspectService(serviceName(comp.name));
    return !!svc && svc.labels[LABEL.config] === configHash(comp);
  }
  const c = await findCurrentContainer(engine, comp).catch(() => null);
  return !!c && c.running && c.imageId === r.imageId && c.labels[LABEL.config] === configHash(comp);
}

async function acquireRollbackImage(ctx: JobContext, deploy: Deploy, log: (l: string) => void): Promise<Acquired> {
  const id = deploy.target.image!;
  const details = await ctx.engine.inspectImage(id);
  if (!details) throw new JobFailed(`the image of deploy ${deploy.target.rollbackOf ?? '?'} (${id.slice(7, 19)}) no longer exists`);
  // show the familiar reference when it still names this exact image
  const ref = deploy.target.rollbackOf ? ctx.findDeploy(deploy.target.rollbackOf)?.result?.image : undefined;
  const image = ref && (await ctx.engine.inspectImage(ref))?.id === details.id ? ref : details.id;
  log(`rollback: putting back ${image} from deploy ${deploy.target.rollbackOf ?? '?'}`);
  return { image, details, commit: deploy.target.commit, tag: deploy.target.tag, digest: deploy.target.digest };
}

/**
 * What a Swarm service should name: pinned to the digest when there is one (a moving tag like
 * `latest` would otherwise look unchanged to Swarm), a built image by its unique tag.
 */
export function swarmImage(image: string, details: ImageDetails, digest: string | undefined): string {
  if (image.startsWith('sha256:')) return details.repoDigests[0] ?? details.repoTags[0] ?? image;
  if (digest && !image.includes('@')) return `${image}@${digest}`;
  return image;
}

export async function runDeployJob(
  ctx: JobContext,
  comp: StoredComponent,
  deploy: Deploy,
  log: (line: string) => void,
  setState: (state: 'building' | 'pulling' | 'deploying') => Promise<void>,
  signal: AbortSignal,
): Promise<JobOutcome> {
  const { engine } = ctx;
  const checkpoint = (): void => {
    if (signal.aborted) throw new Cancelled();
  };
  // before any work: an engine that is down, or a container name taken by someone else's
  // container, fails the job with that reason and nothing else
  const preflight = async (): Promise<void> => {
    await engine.ping();
    if (comp.deploy.target === 'container') {
      await findCurrentContainer(engine, comp).catch((err: Error) => {
        throw err instanceof ContainerConflict ? new JobFailed(err.message) : err;
      });
    }
  };
  let acquired: Acquired;
  if (deploy.target.image) {
    await preflight();
    acquired = await acquireRollbackImage(ctx, deploy, log);
  } else if (comp.source.type === 'git') {
    await setState('building');
    await preflight();
    const built = await buildFromGit({
      engine,
      component: comp,
      ...(deploy.target.commit ? { commit: deploy.target.commit } : {}),
      ...(deploy.target.keywordCheck ? { keywordCheck: deploy.target.keywordCheck } : {}),
      deployId: deploy.id,
      token: revealStored(ctx.sealer, comp, 'gitToken'),
      workDir: ctx.workDir,
      log,
      signal,
      ...(isAutomatic(deploy) ? { forwardOnly: { runningCommit: comp.running?.commit } } : {}),
    }).catch((err: Error) => {
      throw sourceFailure(err, signal, 'build failed');
    });
    acquired = { image: built.image, details: built.details, commit: built.commit };
  } else {
    await setState('pulling');
    await preflight();
    const password = revealStored(ctx.sealer, comp, 'registryPassword');
    const fetched = await fetchImage({
      engine,
      image: comp.source.image,
      ...(deploy.target.tag ? { tag: deploy.target.tag } : {}),
      ...(deploy.target.digest ? { hintDigest: deploy.target.digest } : {}),
      ...(password ? { credentials: { username: comp.source.registryUsername ?? '', password } } : {}),
      ...(ctx.dockerConfigDir ? { dockerConfigDir: ctx.dockerConfigDir } : {}),
      log,
      signal,
      isRunning: (digest) => isRunningDigest(engine, comp, digest),
      ...(isAutomatic(deploy) ? { staleReason: staleDigestReason(comp, ctx.deploysOf?.(comp.id) ?? [], deploy.target.tag) } : {}),
    }).catch((err: Error) => {
      throw sourceFailure(err, signal, 'pull failed');
    });
    const tag = fetched.tag;
    if (fetched.upToDate) {
      const r = comp.running;
      return {
        state: 'succeeded',
        reason: 'already up to date',
        result: {
          image: fetched.image,
          digest: fetched.digest,
          tag,
          upToDate: true,
          ...(r?.imageId ? { imageId: r.imageId } : {}),
          ...(r?.containerId ? { containerId: r.containerId } : {}),
          ...(r?.serviceId ? { serviceId: r.serviceId } : {}),
        },
      };
    }
    acquired = { image: fetched.image, details: fetched.details, tag, ...(fetched.digest ? { digest: fetched.digest } : {}) };
  }

  checkpoint();
  await setState('deploying');
  const { image, details, commit, tag, digest } = acquired;
  const result: DeployResult = { image, imageId: details.id, ...(digest ? { digest } : {}), ...(commit ? { commit } : {}), ...(tag ? { tag } : {}) };
  const since = new Date().toISOString();
  const running = (extra: Partial<RunningState>): RunningState => ({
    deployId: deploy.id,
    image,
    imageId: details.id,
    ...(digest ? { digest } : {}),
    ...(commit ? { commit } : {}),
    ...(tag ? { tag } : {}),
    since,
    ...extra,
  });

  if (comp.deploy.target === 'swarm') {
    const serviceImage = swarmImage(image, details, digest);
    const out = await deploySwarm({ engine, component: comp, image: serviceImage, deployId: deploy.id, ...(commit ? { commit } : {}), log, signal });
    if (out.ok) {
      return { state: 'succeeded', result: { ...result, serviceId: out.serviceId }, running: running({ serviceId: out.serviceId }) };
    }
    return { state: out.rolledBack ? 'rolled-back' : 'failed', reason: out.reason, result: { ...result, ...(out.serviceId ? { serviceId: out.serviceId } : {}) } };
  }

  const replace = {
    engine,
    component: comp,
    image,
    imageHasHealthcheck: details.hasHealthcheck,
    deployId: deploy.id,
    ...(commit ? { commit } : {}),
    log,
    signal,
  };
  const out = await swapContainer(replace, ctx.proxy);
  if (out.ok) {
    const where = out.proxied ? proxiedWhere(out.proxied, out.localName, log) : await publishedWhere(engine, out.containerId, log);
    const direct = out.direct ? { directReason: out.direct } : {};
    return { state: 'succeeded', result: { ...result, containerId: out.containerId }, running: running({ containerId: out.containerId, ...where, ...direct }) };
  }
  if (out.cancelled) return { state: 'cancelled', reason: out.restored ? 'cancelled; the previous container was restored' : 'cancelled', result };
  if (out.hadPrevious && out.restored) return { state: 'rolled-back', reason: withLastLines(out.reason, out.lastLines), result };
  const after = out.hadPrevious ? 'and the previous container could not be restored' : 'and there was no previous container to go back to';
  return { state: 'failed', reason: withLastLines(`${out.reason} (${after})`, out.lastLines), result };
}
