/**
 * Image sources: resolve the tag on the registry, stop early when that digest already runs,
 * otherwise pull exactly that tag (with the component's or the user's docker login
 * credentials) and report the image that was pulled.
 */
import { formatImageRef, parseImageRef, repositoryName } from '../../../../shared/image-ref';
import type { ImageRef } from '../../../../shared/image-ref';
import type { ContainerEngine, ImageDetails, RegistryAuth } from '../engine/container-engine';
import { Cancelled, Skipped } from '../errors';
import { pullProgressLogger } from './pull-progress';
import type { Credentials } from './registry-auth';
import { dockerConfigCredentials } from './registry-auth';
import { RegistryError } from './registry-errors';
import { isLoopbackRegistry, resolveTag } from './registry-resolve';

export class ImageSourceError extends Error {}

export interface ImageSourceOptions {
  engine: ContainerEngine;
  /** The component's configured image reference. */
  image: string;
  /** The tag asked for (e.g. from a webhook matching the tag rule); default: the configured tag. */
  tag?: string;
  /** A digest the webhook claimed; only compared and logged. */
  hintDigest?: string;
  credentials?: Credentials;
  dockerConfigDir?: string;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Whether a container of this digest runs now (then nothing is pulled or restarted). */
  isRunning: (digest: string) => Promise<boolean>;
  /** Automatic triggers: why this digest must not deploy (it ran before and was replaced), else undefined. */
  staleReason?: (digest: string) => string | undefined;
}
/** `image` is the reference pulled (`host/path:tag`), `tag` its tag. */
export type ImageSourceResult =
  | { upToDate: true; image: string; tag: string; digest: string }
  | { upToDate: false; image: string; tag: string; details: ImageDetails; digest?: string };

/** The digest of `ref`'s repository among an image's RepoDigests. */
export function repoDigestOf(image: ImageDetails, ref: ImageRef): string | undefined {
  for (const entry of image.repoDigests) {
    try {
      const parsed = parseImageRef(entry);
      if (repositoryName(parsed) === repositoryName(ref) && parsed.digest) return parsed.digest;
    } catch {
      // an entry we cannot parse is not ours
    }
  }
  return undefined;
}

/**
 * How to talk to a registry: the component's credentials, else the user's docker login; plain
 * http for loopback registries and those the engine declares insecure.
 */
export async function registryAccess(
  engine: ContainerEngine,
  domain: string,
  own: Credentials | undefined,
  log: (line: string) => void,
  dockerConfigDir?: string,
): Promise<{ credentials?: Credentials; insecure: boolean }> {
  const credentials = own ?? (await dockerConfigCredentials(domain, log, dockerConfigDir));
  let insecure = isLoopbackRegistry(domain);
  if (!insecure) insecure = (await engine.info().catch(() => undefined))?.insecureRegistries.includes(domain) ?? false;
  return { ...(credentials ? { credentials } : {}), insecure };
}

export async function fetchImage(opts: ImageSourceOptions): Promise<ImageSourceResult> {
  const { engine, log, signal } = opts;
  const configured = parseImageRef(opts.image);
  // opts.tag passed the deploy request's validation; the configured one, parseImageRef's
  const tag = opts.tag ?? configured.tag ?? 'latest';
  const ref: ImageRef = { domain: configured.domain, path: configured.path, tag };
  const image = formatImageRef(ref);

  const { credentials, insecure } = await registryAccess(engine, ref.domain, opts.credentials, log, opts.dockerConfigDir);

  let resolved: string | undefined;
  try {
    resolved = (await resolveTag({ ref, credentials, insecure, signal })).digest;
    log(`registry: ${image} is ${resolved}`);
  } catch (err) {
    if (signal?.aborted) throw new Cancelled();
    if (!(err instanceof RegistryError) || err.kind !== 'network') throw new ImageSourceError(`registry: ${(err as Error).message}`, { cause: err });
    // the engine may reach the registry through its own proxy or mirror: let the pull decide
    log(`registry: ${err.message}; asking the engine to pull anyway`);
  }
  if (opts.hintDigest && resolved && opts.hintDigest !== resolved) {
    log(`registry: the webhook named ${opts.hintDigest}, but the registry says ${resolved}; deploying what the registry says`);
  }
  if (resolved && (await opts.isRunning(resolved))) {
    log(`already up to date: ${image} (${resolved}) is running`);
    return { upToDate: true, image, tag, digest: resolved };
  }
  // before the pull: a replayed or late notification must not put an older image back
  const stale = resolved ? opts.staleReason?.(resolved) : undefined;
  if (stale) throw new Skipped(stale);

  log(`pull: ${image}`);
  const auth: RegistryAuth | undefined = credentials
    ? { username: credentials.username, password: credentials.password, serveraddress: ref.domain === 'docker.io' ? 'https://index.docker.io/v1/' : ref.domain }
    : undefined;
  await engine.pullImage(image, auth, pullProgressLogger(log), signal);
  const pulled = await engine.inspectImage(image);
  if (!pulled) throw new ImageSourceError(`the engine reports no image ${image} after the pull`);
  const digest = repoDigestOf(pulled, ref) ?? resolved;
  if (resolved && digest !== resolved) log(`pull: the tag moved during the pull; deploying the pulled ${digest}`);
  if (digest && !resolved && (await opts.isRunning(digest))) {
    log(`already up to date: ${image} (${digest}) is running`);
    return { upToDate: true, image, tag, digest };
  }
  log(`pull: ${image} is image ${pulled.id.slice(7, 19)}${digest ? ` (${digest})` : ''}`);
  return { upToDate: false, image, tag, details: pulled, ...(digest ? { digest } : {}) };
}
