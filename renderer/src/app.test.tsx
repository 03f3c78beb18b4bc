import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from './app';
import { routes } from './hooks/use-route';
import { FakeClient } from './test/fake-client';
import { renderWithClient } from './test/render';

/** Like main.tsx: StrictMode runs every effect twice, which must not move focus twice. */
function setup({ withDeploy = false } = {}) {
  const client = new FakeClient();
  const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
  const deploy = withDeploy ? client.addDeploy(c.id) : undefined;
  const user = userEvent.setup({ delay: null });
  // every focus an h1 receives, in order (a screen reader announces each)
  const headingFocus: string[] = [];
  const onFocus = (e: FocusEvent) => {
    if (e.target instanceof HTMLHeadingElement) headingFocus.push(e.target.textContent ?? '');
  };
  document.addEventListener('focusin', onFocus);
  renderWithClient(
    client,
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
  return { client, c, deploy, user, headingFocus, done: () => document.removeEventListener('focusin', onFocus) };
}

const heading = (name: string) => screen.findByRole('heading', { level: 1, name });
const table = () => screen.findByRole('table');

/** Focus `link` and press Enter on it, as a keyboard user does. */
async function follow(user: ReturnType<typeof userEvent.setup>, link: HTMLElement) {
  act(() => link.focus());
  await user.keyboard('{Enter}');
}

describe('route changes: focus and document title', { timeout: 30_000 }, () => {
  beforeEach(() => {
    document.title = 'Auto Deploy';
  });

  it('names the first page in the title and leaves focus where it is', async () => {
    const { headingFocus, done } = setup();
    await heading('Components');
    await waitFor(() => expect(document.title).toBe('Components — Auto Deploy'));
    expect(document.activeElement).toBe(document.body);
    expect(headingFocus).toEqual([]);
    done();
  });

  it('after Enter on a component link, focus is on that page’s heading (once) and the title names it', async () => {
    const { client, c, user, headingFocus, done } = setup();
    await follow(user, within(await table()).getByRole('link', { name: 'web' }));
    const h1 = await heading('web');
    await waitFor(() => expect(document.activeElement).toBe(h1));
    expect(window.location.hash).toBe(routes.component(c.id));
    expect(document.title).toBe('web — Auto Deploy');
    // a reload of the page does not take focus again
    act(() => client.emit({ type: 'components-changed', componentId: c.id }));
    await waitFor(() => expect(client.callsOf('getComponent').length).toBeGreaterThan(1));
    expect(headingFocus).toEqual(['web']);
    done();
  });

  it('a page whose name loads (Edit) takes focus once, with its final name', async () => {
    const { user, headingFocus, done } = setup();
    await follow(user, within(await table()).getByRole('link', { name: 'web' }));
    await heading('web');
    await follow(user, within(screen.getByRole('region', { name: 'web' })).getAllByRole('link', { name: 'Edit' })[0]);
    const h1 = await heading('Edit web');
    await waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe('Edit web — Auto Deploy');
    expect(headingFocus).toEqual(['web', 'Edit web']);
    done();
  });

  it('"New component" (a page loaded on first use) and then the saved component each take focus on their heading', async () => {
    const { user, done } = setup();
    await table();
    await follow(user, screen.getByRole('link', { name: 'New component' }));
    const form = await heading('New component');
    await waitFor(() => expect(document.activeElement).toBe(form));
    expect(document.title).toBe('New component — Auto Deploy');

    await user.type(screen.getByLabelText('Name'), 'api');
    await user.type(screen.getByLabelText('Image'), 'team/api:v1');
    await user.click(screen.getByRole('button', { name: 'Create component' }));
    const saved = await heading('api');
    await waitFor(() => expect(document.activeElement).toBe(saved));
    expect(document.title).toBe('api — Auto Deploy');
    done();
  });

  it('a deploy link leads to the deploy’s heading', async () => {
    const { deploy, user, done } = setup({ withDeploy: true });
    const row = within(await table()).getByRole('rowheader', { name: 'web' }).closest('tr')!;
    const link = await waitFor(() => within(row).getByRole('link', { name: /^queued/ }));
    expect(link.getAttribute('href')).toBe(routes.deploy(deploy!.id));
    await follow(user, link);
    const h1 = await heading('Deploy of web queued');
    await waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe('Deploy of web — Auto Deploy');
    done();
  });

  it('a component that cannot be loaded still gets a heading, the focus and the title', async () => {
    const { done } = setup();
    await heading('Components');
    act(() => {
      window.location.hash = routes.component('c_missing');
    });
    const h1 = await heading('Component');
    await waitFor(() => expect(document.activeElement).toBe(h1));
    expect(document.title).toBe('Component — Auto Deploy');
    expect(screen.getByRole('alert').textContent).toContain('Could not load the component');
    done();
  });

  it('a link of the main navigation keeps focus (the next Tab goes on along it); the title names the page', async () => {
    const { user, headingFocus, done } = setup();
    await heading('Components');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const deploys = within(nav).getByRole('link', { name: 'Deploys' });
    await follow(user, deploys);
    await heading('Deploys');
    await waitFor(() => expect(document.title).toBe('Deploys — Auto Deploy'));
    expect(document.activeElement).toBe(deploys);
    expect(headingFocus).toEqual([]);
    done();
  });
});
