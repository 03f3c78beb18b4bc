/**
 * Git sources: check out the requested commit into a temp dir under the work dir, build it
 * with the engine (streamed output, build args, labels), tag `<repo>:<short-sha>` and
 * `:latest`. When the push's payload listed no commit messages, the keyword is looked for in
 * the checkout first (git-keyword-gate.ts). The checkout is always removed afterwards.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeployTarget } from '../../../../shared/schemas/deploy';
import type { StoredComponent } from '../../store/document';
import type { ContainerEngine, ImageDetails } from '../engine/container-engine';
import { labelsFor } from '../runtime/container-spec';
import { checkoutCommit } from './git-checkout';
import { gitEnv } from './git-command';
import { ensureForward } from './git-forward-only';
import { checkKeyword } from './git-keyword-gate';

export interface GitBuildOptions {
  engine: ContainerEngine;
  component: StoredComponent;
  commit?: string;
  /** Pushes whose payload lists no messages: the keyword must be found in the repository. */
  keywordCheck?: DeployTarget['keywordCheck'];
  deployId: string;
  token?: string;
  /** Parent of the temporary checkout (cleaned at start-up too). */
  workDir: string;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Automatic triggers: only a commit ahead of this one (what runs) may deploy. */
  forwardOnly?: { runningCommit?: string };
}
export interface GitBuildResult {
  image: string;
  commit: string;
  subject: string;
  details: ImageDetails;
}

/** The image repository the app builds a component into (a valid Docker repository path). */
export function builtRepository(componentName: string): string {
  const safe = componentName.replace(/[._-]{2,}/g, '-').replace(/^[._-]+|[._-]+$/g, '');
  return `autodeploy/${safe || 'component'}`;
}

export async function buildFromGit(opts: GitBuildOptions): Promise<GitBuildResult> {
  const { engine, component, log, signal } = opts;
  if (component.source.type !== 'git') throw new Error('not a git component');
  const source = component.source;
  await mkdir(opts.workDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(opts.workDir, `${opts.deployId}-`));
  try {
    const { commit, subject } = await checkoutCommit({
      repo: source.repo,
      branch: source.branch,
      ...(opts.commit ? { commit: opts.commit } : {}),
      dir,
      ...(source.username ? { username: source.username } : {}),
      ...(opts.token ? { token: opts.token } : {}),
      log,
      signal,
    });
    if (opts.forwardOnly) {
      await ensureForward({
        dir,
        env: gitEnv(source.repo, source.username, opts.token),
        commit,
        runningCommit: opts.forwardOnly.runningCommit,
        branch: source.branch,
        log,
        signal,
      });
    }
    if (opts.keywordCheck) {
      await checkKeyword({
        dir,
        repo: source.repo,
        branch: source.branch,
        ...(source.username ? { username: source.username } : {}),
        ...(opts.token ? { token: opts.token } : {}),
        commit,
        ...opts.keywordCheck,
        log,
        signal,
      });
    }
    // imported here, not at the top: the tar packer and .dockerignore matcher it bundles are only
    // needed by a git build, so a `serve` that never builds does not load them at start
    const { prepareBuildContext } = await import('./build-context');
    const context = await prepareBuildContext(dir, source.context, source.dockerfile);
    const repo = builtRepository(component.name);
    const short = commit.slice(0, 12);
    const image = `${repo}:${short}`;
    log(`build: ${image} from ${source.dockerfile} (context ${source.context || '.'})`);
    const imageId = await engine.buildImage(
      context.stream,
      {
        tag: image,
        dockerfile: context.dockerfile,
        buildArgs: source.buildArgs,
        labels: labelsFor(component, opts.deployId, commit),
      },
      (line) => log(`build: ${line}`),
      signal,
    );
    await engine.tagImage(imageId, repo, 'latest');
    const details = await engine.inspectImage(imageId);
    if (!details) throw new Error(`the built image ${imageId} is gone`);
    log(`build: done, image ${imageId.slice(7, 19)} tagged ${image} and ${repo}:latest`);
    return { image, commit, subject, details };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
