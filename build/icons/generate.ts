/**
 * Renders build/icons/tray.svg into every PNG the app and its installers use, with a headless
 * Chromium (playwright-core, no browser download). Outputs are committed; re-run after editing
 * the SVG:   npx tsx build/icons/generate.ts   (CHROMIUM_PATH overrides /usr/bin/chromium)
 *
 *   build/tray/tray-<state>.png, @2x          colour, Linux and Windows trays
 *   build/tray/tray-<state>Template.png, @2x  black + alpha, macOS menu bar (tinted by the OS)
 *   build/icon.png                            512 px app icon (electron-builder makes .icns/.ico)
 *   build/icons/app/<n>x<n>.png               Linux icon set
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const TRAY_STATES = ['idle', 'working', 'failed', 'paused', 'tunnel-down'] as const;
type TrayState = (typeof TRAY_STATES)[number];
type Look = { kind: 'tray'; state: TrayState; template: boolean } | { kind: 'app' };

const BUILD = fileURLToPath(new URL('..', import.meta.url));
const BRAND = '#0f766e';
const BADGE: Record<TrayState, string> = { idle: BRAND, working: '#2563eb', failed: '#dc2626', paused: '#4b5563', 'tunnel-down': '#d97706' };

/** Styles that turn the one SVG into a given look. */
export function lookCss(look: Look): string {
  if (look.kind === 'app') {
    // The app icon has no badge and a solid white arrow (a hole looks odd in a dock).
    return `.badge,.badge-gap{display:none} .base{fill:${BRAND}} .arrow-fill{fill:#fff}`;
  }
  const { state, template } = look;
  const colour = (c: string) => (template ? '#000' : c);
  return [
    '.arrow-fill{display:none} .badge{display:none}',
    state === 'idle' ? '.badge-gap{display:none}' : `#badge-${state}{display:inline}`,
    `.base{fill:${colour(state === 'paused' ? '#6b7280' : BRAND)}}`,
    `.dot{fill:${colour(BADGE[state])}} .ring{stroke:${colour(BADGE[state])}}`,
  ].join(' ');
}

async function render(page: Page, svg: string, css: string, size: number): Promise<Buffer> {
  await page.setContent(
    `<!doctype html><html><head><style>html,body{margin:0;background:transparent}` +
      `svg{display:block;width:${size}px;height:${size}px} ${css}</style></head><body>${svg}</body></html>`,
  );
  return page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
}

async function main(): Promise<void> {
  const svg = (await readFile(`${BUILD}/icons/tray.svg`, 'utf8')).replace(/<!--[\s\S]*?-->/g, '');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const outputs: [string, Look, number][] = [];
    for (const state of TRAY_STATES) {
      for (const template of [false, true]) {
        const name = `tray/tray-${state}${template ? 'Template' : ''}`;
        outputs.push([`${name}.png`, { kind: 'tray', state, template }, 16], [`${name}@2x.png`, { kind: 'tray', state, template }, 32]);
      }
    }
    outputs.push(['icon.png', { kind: 'app' }, 512]);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) outputs.push([`icons/app/${n}x${n}.png`, { kind: 'app' }, n]);
    await mkdir(`${BUILD}/tray`, { recursive: true });
    await mkdir(`${BUILD}/icons/app`, { recursive: true });
    for (const [file, look, size] of outputs) {
      await writeFile(`${BUILD}/${file}`, await render(page, svg, lookCss(look), size));
      console.log(`build/${file} (${size}px)`);
    }
  } finally {
    await browser.close();
  }
}

await main();
