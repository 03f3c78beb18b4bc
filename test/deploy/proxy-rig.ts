/** Set-up shared by the zero-downtime suites: base and proxy images, a git repository, a harness whose proxy image is the locally built Caddy. */
import { TEST_PROXY_IMAGE, ensureCaddyImage } from '../support/caddy-image';
import { ensureBaseImage } from '../support/docker';
import type { Harness } from './helpers';
import { GitRepo, openHarness } from './helpers';

export async function openProxyRig(): Promise<{ h: Harness; repo: GitRepo }> {
  await Promise.all([ensureBaseImage(), ensureCaddyImage()]);
  const repo = await GitRepo.create();
  const h = await openHarness();
  await h.store.update((doc) => {
    doc.settings.proxy.image = TEST_PROXY_IMAGE;
  });
  return { h, repo };
}
