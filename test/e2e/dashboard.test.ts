/**
 * The dashboard end to end, in real headless Chromium against the real `serve` process and a
 * real Docker engine and registry: sign in from the printed URL, create an image component in
 * the browser, copy its webhook URL from the page, point a real registry at it, push, and
 * watch the deploy go through its states with the log streaming; then a failing image rolls
 * back and the page says why. Screenshots of the main screens go to test-output/screenshots.
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWithCli, cleanupComponents, dockerfileServing, httpText, run, uniqueName } from '../deploy/helpers';
import { BASE_IMAGE, ensureBaseImage } from '../support/docker';
import { freePort, startRegistry } from '../support/registry';
import type { TestRegistry } from '../support/registry';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { describeBrowser, launchChromium } from './browser';
import { bundleSize, ensureRendererBuilt, kb } from './renderer-build';

const SHOTS = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));
const ACTIVE = ['queued', 'building', 'pulling', 'deploying'];
const LIFECYCLE = ['queued', 'building', 'pulling', 'deploying', 'succeeded', 'failed', 'rolled-back'];

/** Records, inside the page, every state the "Latest deploy" badge shows and how the log grows. */
const WATCH_LATEST = `(() => {
  const region = document.querySelector('[aria-labelledby="latest-title"]');
  window.__seen = { states: [], log: [] };
  const record = () => {
    const seen = window.__seen;
    const state = region.querySelector('.latest-line [data-state]')?.getAttribute('data-state');
    if (state && seen.states[seen.states.length - 1] !== state) seen.states.push(state);
    const len = (region.querySelector('[role=log]')?.textContent ?? '').length;
    if (!seen.log.length || seen.log[seen.log.length - 1].len !== len) seen.log.push({ len, state });
  };
  new MutationObserver(record).observe(region, { subtree: true, childList: true, characterData: true, attributes: true });
  record();
})()`;

interface Seen {
  states: string[];
  log: { len: number; state?: string }[];
}

await describeBrowser('dashboard in Chromium against serve (registry push → deploy, live)', () => {
  let dir = '';
  let serve: ServeProcess;
  let registry: TestRegistry | undefined;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const name = uniqueName('e2e-ui');
  let componentId = '';
  let appPort = 0;
  let registryPort = 0;
  let repo = '';

  const shot = async (file: string) => {
    const path = join(SHOTS, file);
    await page.screenshot({ path, fullPage: true });
    // "Obvious breakage": nothing wider than the window, a real image, no error overlay.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow, `${file}: page wider than the window`).toBeLessThanOrEqual(0);
    expect((await stat(path)).size, `${file}: suspiciously small screenshot`).toBeGreaterThan(10_000);
  };
  const latestState = () => page.locator('.latest-line [data-state]');
  /** Waits for the latest deploy to show `state`; on failure says what the engine recorded. */
  const waitLatest = async (state: string, timeout = 150_000) => {
    try {
      await latestState().and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout });
    } catch (err) {
      const deploys = (await (await serve.api(`/deploys?componentId=${componentId}`)).json()) as { id: string; state: string; reason?: string }[];
      const log = deploys[0] ? await (await serve.api(`/deploys/${deploys[0].id}/log`)).text() : '';
      const shown = await latestState().getAttribute('data-state').catch(() => 'nothing');
      throw new Error(
        `the page shows ${shown}, not ${state}; deploys: ${JSON.stringify(deploys.map((d) => [d.state, d.reason]))}\nlog:\n${log}\nserve:\n${serve.output().slice(-2000)}`,
        { cause: err },
      );
    }
  };

  beforeAll(async () => {
    const rebuilt = await ensureRendererBuilt();
    const size = await bundleSize();
    console.log(
      `[e2e] dashboard bundle${rebuilt ? ' (rebuilt)' : ''}: first-load JS ${kb(size.entryJs.gzip)} gzip (${kb(size.entryJs.bytes)} min); ` +
        `all JS ${kb(size.allJs.gzip)} gzip in ${size.allJs.files} files (${kb(size.allJs.bytes)} min); CSS ${kb(size.css.gzip)} gzip`,
    );
    await mkdir(join(SHOTS, 'sweep'), { recursive: true });
    await mkdir(join(SHOTS, 'docs'), { recursive: true });
    await ensureBaseImage();
    dir = await mkdtemp(join(tmpdir(), 'ad-e2e-ui-'));
    serve = await startServe({ dataDir: dir });
    appPort = await freePort();
    registryPort = await freePort();
    repo = `127.0.0.1:${registryPort}/e2e/${name}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.controlUrl });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await registry?.stop();
    await cleanupComponents(componentId ? [componentId] : [], [name]);
    await run('docker', ['image', 'rm', '-f', `${repo}:v1`, `${repo}:v2`]).catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('signs in from the printed URL, drops the token from it, and renders', async () => {
    const started = Date.now();
    await page.goto(serve.dashboardUrl);
    await page.getByRole('heading', { name: 'Components' }).waitFor();
    const firstRender = Date.now() - started;
    const marks = await page.evaluate<{ shell?: number; fcp?: number }>(`({
      shell: performance.getEntriesByName('autodeploy:shell-rendered')[0]?.startTime,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    })`);
    console.log(
      `[e2e] time to first render: ${firstRender} ms from navigation to the components list` +
        ` (app shell rendered at ${marks.shell?.toFixed(0)} ms, first contentful paint ${marks.fcp?.toFixed(0)} ms after navigation start)`,
    );
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate('sessionStorage.length')).toBe(1);
    await expect.poll(() => page.getByText('No components yet.').count()).toBe(1);
    await shot('01-components-empty.png');
    // Keyboard first: a skip link, then the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Components');
  });

  it('without a token asks for one, refuses a wrong one, accepts the pasted dashboard link', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const p = await fresh.newPage();
      await p.goto(`${serve.controlUrl}/`);
      const input = p.getByLabel('Control token or dashboard link');
      await input.fill('not-the-token');
      await p.getByRole('button', { name: 'Open the dashboard' }).click();
      await p.getByText('That token was not accepted.', { exact: false }).waitFor();
      await p.getByLabel('Control token or dashboard link').fill(serve.dashboardUrl);
      await p.getByRole('button', { name: 'Open the dashboard' }).click();
      await p.getByRole('heading', { name: 'Components' }).waitFor();
    } finally {
      await fresh.close();
    }
  });

  it('creates an image component in the browser; validation shows next to the fields first', async () => {
    await page.getByRole('link', { name: 'New component' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Not Valid');
    await page.getByRole('button', { name: 'Create component' }).click();
    await expect.poll(() => page.locator('#f-name-error').textContent()).toMatch(/lower-case letters/);
    await expect.poll(() => page.locator('#f-source-image-error').textContent()).toBe('image reference is empty');
    await shot('02-new-component-validation.png');

    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Image', { exact: true }).fill(`${repo}:v1`);
    await page.getByLabel('Custom API (CI calls a URL with a secret key)').check();
    await page.getByRole('button', { name: 'Add port' }).click();
    await page.getByLabel('Port 1', { exact: true }).fill(`127.0.0.1:${appPort}:8080`);
    await page.getByLabel('Must keep running for (seconds)').fill('2');
    await page.getByLabel('Wait up to (seconds)').fill('30');
    await page.getByRole('button', { name: 'Create component' }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor();
    componentId = decodeURIComponent(new URL(page.url()).hash.replace('#/components/', ''));
    expect(componentId).toMatch(/\S/);

    // A tag rule through the live tester: glob v*; the tester agrees before it is saved.
    await page.getByRole('radio', { name: 'Glob' }).check();
    await page.getByLabel('Pattern').fill('v*');
    await page.getByLabel('Try tags').fill('v2\nlatest');
    const results = page.getByRole('list', { name: 'Tag test results' });
    await expect.poll(() => results.locator('li[data-deploy="true"] code').allTextContents()).toEqual(['v2']);
    await page.getByRole('button', { name: 'Save tag rule' }).click();
    await expect.poll(async () => (await (await serve.api(`/components/${componentId}`)).json()) as { triggers: { image: { tagPattern: string } } }).toMatchObject({
      triggers: { image: { tagPattern: 'glob:v*' } },
    });
  });

  it('copies the webhook URL; a registry push deploys it, the page following states and log live', async () => {
    await page.getByRole('button', { name: 'Copy Image webhook URL' }).click();
    await page.getByRole('button', { name: 'Copy Image webhook URL' }).getByText('Copied').waitFor();
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toBe(await page.getByRole('textbox', { name: 'Image webhook URL', exact: true }).inputValue());
    expect(copied).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/hooks/[\\w-]{16,}/image$`));
    await shot('03-component-triggers.png');

    // The registry POSTs its real push notification to the copied URL.
    registry = await startRegistry({ notifyUrl: copied, port: registryPort });
    await page.evaluate(WATCH_LATEST);
    await buildWithCli(`${repo}:v1`, dockerfileServing(), { version: 'v1\n' });
    await run('docker', ['push', `${repo}:v1`]);

    await waitLatest('succeeded');
    const seen = await page.evaluate<Seen>('window.__seen');
    console.log(`[e2e] states shown while deploying: ${seen.states.join(' → ')}; log grew in ${seen.log.length} steps`);
    expect(seen.states[seen.states.length - 1]).toBe('succeeded');
    expect(seen.states.some((s) => ACTIVE.includes(s)), 'an in-progress state was shown before success').toBe(true);
    const order = seen.states.map((s) => LIFECYCLE.indexOf(s));
    expect(order, 'states appear in lifecycle order').toEqual([...order].sort((a, b) => a - b));
    expect(
      seen.log.some((l) => l.len > 0 && ACTIVE.includes(l.state ?? '')),
      'log lines appeared while the deploy was still running',
    ).toBe(true);
    expect(await httpText(appPort)).toBe('200 v1');
    await expect.poll(() => page.locator('.overview dd.mono').first().textContent()).toContain(`${repo}:v1`);

    // where it runs: a link from the engine's inspection of the container, and it works
    const link = page.locator('.overview a.address');
    await expect.poll(() => link.getAttribute('href')).toBe(`http://127.0.0.1:${appPort}`);
    const [app] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await app.waitForLoadState();
    expect(app.url()).toBe(`http://127.0.0.1:${appPort}/`);
    // the page the link opened is the deployed app's own index (the base image's /www)
    expect((await app.locator('body').textContent())?.trim()).toBe((await httpText(appPort, '/')).replace(/^200 /, ''));
    await app.goto(`http://127.0.0.1:${appPort}/version`);
    expect((await app.locator('body').textContent())?.trim()).toBe('v1');
    await app.close();

    await page.getByRole('link', { name: 'Open' }).click();
    await page.getByRole('heading', { name: /Deploy of/ }).waitFor();
    await expect.poll(() => page.getByRole('log').textContent()).toMatch(/\S/);
    expect(await page.getByText('Docker registry push').count()).toBeGreaterThan(0);
    await shot('04-deploy-succeeded-log.png');
  }, 240_000);

  it('a failing image is rolled back, and the page says why', async () => {
    await page.goto(`${serve.controlUrl}/#/components/${encodeURIComponent(componentId)}`);
    await page.getByRole('heading', { name, exact: true }).waitFor();
    await waitLatest('succeeded', 30_000);
    await page.evaluate(WATCH_LATEST);
    await buildWithCli(`${repo}:v2`, `FROM ${BASE_IMAGE}\nCMD ["/bin/sh","-c","echo starting v2; echo config missing >&2; exit 3"]\n`);
    await run('docker', ['push', `${repo}:v2`]);

    await waitLatest('rolled-back');
    const seen = await page.evaluate<Seen>('window.__seen');
    console.log(`[e2e] states shown for the failing image: ${seen.states.join(' → ')}`);
    expect(seen.states.some((s) => ACTIVE.includes(s))).toBe(true);
    const reason = await page.locator('.latest-deploy .reason-box').textContent();
    expect(reason).toMatch(/\S{10,}/);
    console.log(`[e2e] rollback reason shown: ${reason}`);
    expect(await httpText(appPort)).toBe('200 v1');
    await shot('05-component-rolled-back.png');

    await page.getByRole('link', { name: 'Open' }).click();
    await page.getByRole('heading', { name: /Deploy of/ }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Rolled back:' }).textContent()).toContain(reason ?? '');
    await shot('06-deploy-rolled-back.png');
  }, 240_000);

  it("the tag chooser lists the registry's tags marked by the rule; a missing tag from the API fails and changes nothing", async () => {
    await page.goto(`${serve.controlUrl}/#/components/${encodeURIComponent(componentId)}`);
    await page.getByRole('heading', { name, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Choose tag…' }).click();
    const list = page.getByRole('list', { name: 'Registry tags' });
    await list.waitFor();
    const marked = await list.locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-tag'), li.getAttribute('data-verdict')]));
    // from the real registry (v1/v2 are not x.y.z versions, so by name); v1 runs (v2 rolled
    // back), v2 passes the glob rule
    expect(marked).toEqual([
      ['v1', 'running'],
      ['v2', 'deploys'],
    ]);
    await shot('05b-tag-chooser.png');
    await page.getByRole('button', { name: 'Close' }).click();

    // a custom API call naming a tag the registry lacks (it passes the rule): accepted, fails,
    // and the component still points at the image that runs
    const hooks = (await (await serve.api(`/components/${componentId}/webhooks`)).json()) as { hooks: { trigger: string; url: string }[] };
    const apiUrl = hooks.hooks.find((h) => h.trigger === 'api')!.url;
    const key = ((await (await serve.api(`/components/${componentId}/secrets/api/reveal`, { method: 'POST' })).json()) as { value: string }).value;
    const answer = await fetch(apiUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret_key: key, tag: 'v9-missing' }) });
    expect(answer.status).toBe(202);
    await waitLatest('failed');
    const stored = (await (await serve.api(`/components/${componentId}`)).json()) as { source: { image: string } };
    expect(stored.source.image).toBe(`${repo}:v1`);
    await expect.poll(() => page.locator('.overview dd.mono').first().textContent()).toBe(`${repo}:v1`);
    expect(await httpText(appPort)).toBe('200 v1');
  }, 120_000);

  it('lists the deliveries and deploys; settings show the engine; no console errors', async () => {
    await page.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    const queued = page.locator('tr', { hasText: 'Docker registry' }).filter({ hasText: 'queued' });
    await expect.poll(() => queued.count()).toBeGreaterThanOrEqual(2);
    await shot('07-deliveries.png');

    await page.getByRole('link', { name: 'Deploys', exact: true }).click();
    await page.getByRole('heading', { name: 'Deploys' }).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await shot('08-deploys.png');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByText('reachable', { exact: true }).waitFor();
    await shot('09-settings.png');

    await page.getByRole('link', { name: 'Components' }).click();
    await page.locator(`tr[data-component="${name}"]`).waitFor();
    expect(await page.locator(`tr[data-component="${name}"] [data-state]`).getAttribute('data-state')).toBe('failed');
    await shot('10-components.png');

    // The dark theme follows the system setting.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor();
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(21, 23, 27)');
    await shot('11-component-dark.png');
    await page.emulateMedia({ colorScheme: 'light' });

    expect(problems).toEqual([]);
  });

  it('every page at 1280×900 and 390×844, light and dark: no sideways scroll, no serious axe-core violation', async () => {
    const deploys = (await (await serve.api(`/deploys?componentId=${componentId}`)).json()) as { id: string; state: string }[];
    const rolledBack = deploys.find((d) => d.state === 'rolled-back') ?? deploys[0];
    const pages: [string, string, string | RegExp][] = [
      ['components', '#/', 'Components'],
      ['component', `#/components/${encodeURIComponent(componentId)}`, name],
      ['edit', `#/components/${encodeURIComponent(componentId)}/edit`, /Edit/],
      ['new', '#/components/new', 'New component'],
      ['deploys', '#/deploys', 'Deploys'],
      ['deploy', `#/deploys/${encodeURIComponent(rolledBack.id)}`, /Deploy of/],
      ['deliveries', '#/deliveries', 'Deliveries'],
      ['settings', '#/settings', 'Settings'],
    ];
    const sizes = [
      { label: 'wide', width: 1280, height: 900 },
      { label: 'phone', width: 390, height: 844 },
    ];
    const findings: string[] = [];
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [label, hash, heading] of pages) {
          await page.goto(`${serve.controlUrl}/${hash}`);
          await page.getByRole('heading', { name: heading, exact: typeof heading === 'string' }).first().waitFor();
          await page.getByText(/^Loading/).first().waitFor({ state: 'detached' }).catch(() => undefined);
          // parts that load after the heading: the lazy triggers panel; status (headless: no desktop options)
          if (label === 'component') await page.getByRole('heading', { name: 'Image webhook' }).waitFor();
          if (label === 'settings') {
            await page.getByRole('heading', { name: 'Status' }).waitFor();
            await page.getByText(/Running headless/).waitFor();
            expect(await page.getByLabel('Start Auto Deploy at login').count()).toBe(0);
          }
          const file = `sweep/${size.label}-${scheme}-${label}.png`;
          await page.screenshot({ path: join(SHOTS, file), fullPage: true });
          // viewport-only copies for the README (docs/): the component page wide, the list on a phone
          const forDocs = scheme === 'light' && ((size.label === 'wide' && label === 'component') || (size.label === 'phone' && label === 'components'));
          if (forDocs) await page.screenshot({ path: join(SHOTS, 'docs', label === 'component' ? 'component-page.png' : 'components-phone.png') });
          const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
            '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
          );
          if (scrollWidth > innerWidth) findings.push(`${file}: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
          for (const v of await axeSerious(page)) findings.push(`${file}: ${v}`);
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
    console.log(`[e2e] swept ${pages.length} pages × ${sizes.length} sizes × 2 themes`);
    expect(findings).toEqual([]);
    expect(problems).toEqual([]);
  }, 300_000);
});

/** axe-core's WCAG 2 A/AA rules in the page; the serious and critical violations, one line each. */
async function axeSerious(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = await page.evaluate<{ id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  );
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`));
}
