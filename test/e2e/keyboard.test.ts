/**
 * The dashboard by keyboard alone, in real headless Chromium against the real `serve` process:
 * only Tab, Shift+Tab, Enter, Space and Escape (no clicks, no typing). From the skip link to the
 * main navigation, into a component (ask its repository with "Check now", back out of "Replace
 * webhook URLs…" with Escape), then the new-component form and its Cancel. A link that leaves with
 * its page hands focus to the new page's h1, and the document title names that page. Every element
 * that takes focus on the way must show a focus indicator (a computed outline or box-shadow).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServe } from '../support/serve';
import type { ServeProcess } from '../support/serve';
import { describeBrowser, launchChromium } from './browser';
import { ensureRendererBuilt } from './renderer-build';

type Key = 'Tab' | 'Shift+Tab' | 'Enter' | 'Space' | 'Escape';

/** The focused element as the walk sees it: what it is, what it is called, how focus shows on it. */
interface Focused {
  tag: string;
  /** aria-label, else the first label's text, else the text content (trimmed, one line). */
  name: string;
  id: string;
  outline: string;
  boxShadow: string;
  /** A visible indicator: an outline of some width and style, or a box-shadow. */
  indicated: boolean;
}

const READ_FOCUSED = `(() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const name = e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent : '') || e.textContent || '';
  const outlined = s.outlineStyle !== 'none' && s.outlineStyle !== 'hidden' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'transparent';
  return {
    tag: e.tagName.toLowerCase(),
    name: name.replace(/\\s+/g, ' ').trim().slice(0, 80),
    id: e.id,
    outline: s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
    boxShadow: s.boxShadow,
    indicated: outlined || s.boxShadow !== 'none',
  };
})()`;

await describeBrowser('dashboard by keyboard only (Tab, Shift+Tab, Enter, Space, Escape) in Chromium against serve', () => {
  let dir = '';
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let componentId = '';
  const name = 'kb-web';
  const problems: string[] = [];
  /** Every key pressed and where focus landed, for failure messages. */
  const walk: string[] = [];
  /** Focused elements without a visible indicator (the skip link's target, <main>, is not one a user tabs to). */
  const unmarked: string[] = [];

  const focused = () => page.evaluate<Focused>(READ_FOCUSED);
  const press = async (key: Key): Promise<Focused> => {
    await page.keyboard.press(key);
    const f = await focused();
    walk.push(`${key} → ${f.tag}${f.id ? `#${f.id}` : ''} "${f.name}"`);
    if (f.tag !== 'body' && f.tag !== 'main' && !f.indicated) unmarked.push(`${f.tag} "${f.name}" (outline ${f.outline}, box-shadow ${f.boxShadow})`);
    return f;
  };
  /** Tab (or Shift+Tab) until the focused element is called `target`; fails after `max` presses, with the walk. */
  const tabTo = async (target: string, { back = false, max = 40 } = {}): Promise<Focused> => {
    for (let i = 0; i < max; i++) {
      const f = await press(back ? 'Shift+Tab' : 'Tab');
      if (f.name === target) return f;
    }
    throw new Error(`"${target}" not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} presses:\n${walk.slice(-max).join('\n')}`);
  };
  const heading = (text: string) => page.getByRole('heading', { level: 1, name: text, exact: true });
  const hash = () => page.evaluate<string>('location.hash');
  const currentNav = () => page.locator('nav[aria-label="Main"] a[aria-current="page"]').textContent();
  /** After following a link that leaves with its page: focus is on the new page's h1 (with an indicator) and the title names it. */
  const expectArrivedAt = async (title: string) => {
    await expect.poll(focused, { timeout: 10_000 }).toMatchObject({ tag: 'h1', name: title, indicated: true });
    expect(await page.title()).toBe(`${title} — Auto Deploy`);
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    dir = await mkdtemp(join(tmpdir(), 'ad-e2e-keyboard-'));
    serve = await startServe({ dataDir: dir });
    // a repository that is not there: "Check now" gets a real, fast failure from git
    const repo = join(dir, 'no-such-repo');
    const created = await serve.api('/components', { method: 'POST', json: { name, source: { type: 'git', repo, branch: 'main' } } });
    expect(created.status).toBe(201);
    componentId = ((await created.json()) as { id: string }).id;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('console', (m) => {
      // Chromium aborts requests in flight when the host's interfaces change (other suites start
      // Docker networks): that is the machine, not the page
      if (m.type() === 'error' && !m.text().includes('ERR_NETWORK_CHANGED')) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(serve.dashboardUrl);
    await heading('Components').waitFor();
    await page.locator(`tr[data-component="${name}"]`).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the skip link moves focus to the page (no navigation), then the main navigation is reached and followed', async () => {
    const skip = await press('Tab');
    expect(skip).toMatchObject({ tag: 'a', name: 'Skip to content', indicated: true });
    // it shows while focused: inside the window, not parked off-screen
    const box = await page.locator('a.skip').boundingBox();
    expect(box && box.x >= 0 && box.y >= 0).toBe(true);
    expect(await press('Enter')).toMatchObject({ tag: 'main', id: 'main' });
    expect(await hash()).toBe('#/');
    await heading('Components').waitFor();
    // from the page's start, Tab goes to its first control
    expect(await press('Tab')).toMatchObject({ tag: 'a', name: 'New component' });

    // back into the navigation, and along it
    expect(await press('Shift+Tab')).toMatchObject({ tag: 'a', name: 'Settings' });
    await tabTo('Deploys', { back: true, max: 3 });
    await press('Enter');
    await heading('Deploys').waitFor();
    expect(await hash()).toBe('#/deploys');
    expect(await currentNav()).toBe('Deploys');
    // focus stays on the link followed, so the next Tab continues along the navigation
    expect(await press('Tab')).toMatchObject({ name: 'Deliveries' });
    await press('Enter');
    await heading('Deliveries').waitFor();
    expect(await currentNav()).toBe('Deliveries');
    await tabTo('Settings', { max: 1 });
    await press('Enter');
    await heading('Settings').waitFor();
    expect(await hash()).toBe('#/settings');
    await tabTo('Components', { back: true, max: 3 });
    await press('Enter');
    await heading('Components').waitFor();
    expect(await currentNav()).toBe('Components');
  });

  it('opens a component; Space on "Check now" shows what the repository said; Escape backs out of replacing the webhook URLs', async () => {
    await tabTo(name);
    await press('Enter');
    await heading(name).waitFor();
    expect(await hash()).toBe(`#/components/${componentId}`);
    // the link is gone with the list: focus starts again at the component's heading, not the document's top
    await expectArrivedAt(name);

    await tabTo('Check now');
    await press('Space');
    const result = page.locator('.check-now [role=status]');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Last checked just now: check failed — git ls-remote failed: /);
    expect(((await (await serve.api(`/components/${componentId}`)).json()) as { lastCheck?: { outcome: string } }).lastCheck?.outcome).toBe('error');

    const hooksBefore = await (await serve.api(`/components/${componentId}/webhooks`)).text();
    await tabTo('Replace webhook URLs…');
    await press('Enter');
    // the question takes focus on its confirm button; Escape takes it back
    expect(await focused()).toMatchObject({ tag: 'button', name: 'Replace webhook URLs', indicated: true });
    expect(await page.getByRole('group', { name: 'Replace webhook URLs…' }).count()).toBe(1);
    expect(await press('Escape')).toMatchObject({ tag: 'button', name: 'Replace webhook URLs…' });
    expect(await page.getByRole('group', { name: 'Replace webhook URLs…' }).count()).toBe(0);
    expect(await (await serve.api(`/components/${componentId}/webhooks`)).text()).toBe(hooksBefore);
  });

  it('opens the new-component form and cancels it; the list shows the check from before', async () => {
    await tabTo('Components', { back: true, max: 60 });
    await press('Enter');
    await heading('Components').waitFor();
    // what the check found, per component and overall (the catch-up status on the list)
    const row = page.locator(`tr[data-component="${name}"]`);
    await expect.poll(() => row.locator('[data-label="Last check"]').textContent()).toMatch(/^just now · check failed git ls-remote failed: /);
    expect(await page.locator('.catch-up-summary').textContent()).toMatch(new RegExp(`^Catch-up: checked just now · 1 check failed: ${name} · every 5 min$`));

    await tabTo('New component');
    await press('Enter');
    await heading('New component').waitFor();
    expect(await hash()).toBe('#/components/new');
    await expectArrivedAt('New component');
    expect(await tabTo('Name')).toMatchObject({ tag: 'input' });
    // Space ticks a checkbox (and again, back)
    const autoBuild = page.getByLabel('Auto-build', { exact: true });
    expect(await tabTo('Auto-build', { max: 2 })).toMatchObject({ tag: 'input' });
    await press('Space');
    expect(await autoBuild.isChecked()).toBe(false);
    await press('Space');
    expect(await autoBuild.isChecked()).toBe(true);
    await tabTo('Cancel', { max: 60 });
    await press('Enter');
    await heading('Components').waitFor();
    expect(await hash()).toBe('#/');
    // nothing was created
    expect(((await (await serve.api('/components')).json()) as unknown[]).length).toBe(1);
  });

  it('every element focused on the way showed a focus indicator, and the page logged no errors', () => {
    console.log(`[e2e] keyboard walk: ${walk.length} key presses, ${new Set(walk.map((w) => w.split(' → ')[1])).size} distinct focus stops`);
    expect(walk.length).toBeGreaterThan(20);
    expect(unmarked).toEqual([]);
    expect(problems).toEqual([]);
  });
});
