/**
 * Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser). Without it (or without a Docker engine, which the suites also
 * need) the suite fails with the reason.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { dockerUnavailableReason } from '../support/docker';
import { describeWith } from '../support/prerequisite';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** `describe` for suites that need Chromium and a Docker engine: fails with the reason when one is missing. */
export function describeBrowser(name: string, body: () => void): Promise<void> {
  const browser = Promise.resolve(existsSync(CHROMIUM) ? null : `Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return describeWith(name, [browser, dockerUnavailableReason()], body);
}
