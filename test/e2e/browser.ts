/**
 * Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser). Without it the suite is skipped with the reason shown; with
 * REQUIRE_BROWSER=1 (CI) it fails instead. The suites also need a Docker engine.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { describe, it } from 'vitest';
import { dockerUnavailableReason } from '../support/docker';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** `describe` for suites that need Chromium and a Docker engine. */
export async function describeBrowser(name: string, body: () => void): Promise<void> {
  const browserReason = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  const dockerReason = await dockerUnavailableReason();
  const reason = browserReason ?? dockerReason;
  if (!reason) {
    describe(name, body);
    return;
  }
  const required = (browserReason && process.env.REQUIRE_BROWSER === '1') || (dockerReason && process.env.REQUIRE_DOCKER === '1');
  if (required) {
    describe(name, () => {
      it(`needs ${browserReason ? 'Chromium (REQUIRE_BROWSER=1)' : 'a Docker engine (REQUIRE_DOCKER=1)'}`, () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`[skip] ${name}: ${reason}`);
  describe.skip(`${name} (skipped: ${reason})`, body);
}
