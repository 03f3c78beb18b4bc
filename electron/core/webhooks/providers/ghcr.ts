/**
 * GitHub Packages / GHCR (docs/webhooks.md, "GHCR"): GitHub transport (same headers and
 * signature) with `X-GitHub-Event: package` (or legacy `registry_package`). Verified with the
 * component's webhook secret when one is set (like a git GitHub hook); without one the hook
 * id is the credential, as for unsigned registries. A multi-arch push sends one event per
 * manifest; the per-platform ones have an empty tag and are ignored.
 */
import { parsePayload } from '../body';
import { asObject, str } from '../json-read';
import { header } from '../verify';
import type { RawDelivery } from '../types';
import type { ParsedDelivery } from '../../ingest/parsed-event';
import { verifyGitHubSignature } from './github';
import { collect, imagePush, splitReference } from './image-common';
import type { ReadContext } from './provider';

export const isGhcr = (d: RawDelivery): boolean => d.headers['x-github-event'] !== undefined;

export function readGhcr(d: RawDelivery, ctx: ReadContext): ParsedDelivery {
  const event = header(d.headers, 'x-github-event') ?? '';
  const deliveryId = header(d.headers, 'x-github-delivery');
  const verified = verifyGitHubSignature(d, ctx.secrets.webhook);
  const base = { provider: 'ghcr' as const, event, deliveryId, verified };
  const json = parsePayload(d);
  const ignored = (reason: string): ParsedDelivery => ({ ...base, result: { kind: 'ignored', reason } });
  if (event === 'ping') return ignored('ping');
  if (event !== 'package' && event !== 'registry_package') return ignored(`event "${event.slice(0, 64)}" is not a package event`);
  const action = str(json, 'action') ?? '';
  if (action !== 'published' && action !== 'updated') return ignored(`package action "${action.slice(0, 32)}" is not a publish`);
  const pkg = asObject(json.package) ?? asObject(json.registry_package);
  // Either field may say it (octokit's examples pair package_type "npm" with ecosystem "docker").
  const types = [str(pkg, 'package_type'), str(pkg, 'ecosystem')].map((t) => (t ?? '').toLowerCase());
  if (!types.some((t) => t === 'container' || t === 'docker')) {
    return ignored(`package type "${types.filter(Boolean).join('/').slice(0, 32)}" is not a container image`);
  }
  const version = asObject(pkg?.package_version);
  const tag = str(version, 'container_metadata', 'tag', 'name');
  if (!tag) return ignored('untagged manifest (a per-platform part of a multi-arch push)');
  const digest = str(version, 'container_metadata', 'tag', 'digest') ?? str(version, 'container_metadata', 'manifest', 'digest');
  const fromUrl = splitReference(str(version, 'package_url') ?? '');
  const owner = (str(pkg, 'owner', 'login') ?? str(pkg, 'namespace') ?? '').toLowerCase();
  const name = (str(pkg, 'name') ?? '').toLowerCase();
  const repository = fromUrl?.repository ?? (owner && name ? `${owner}/${name}` : undefined);
  const { pushes, skipped } = collect([imagePush(repository, fromUrl?.host ?? 'ghcr.io', tag, digest)]);
  return { ...base, result: { kind: 'image-push', pushes, skipped, pusher: str(json, 'sender', 'login') } };
}
