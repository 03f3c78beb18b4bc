import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { TriggersPanel } from './triggers-panel';

function setup(kind: 'image' | 'git' = 'image') {
  const client = new FakeClient();
  const c =
    kind === 'image'
      ? client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' }, triggers: { image: { enabled: true }, api: { enabled: true } } })
      : client.seed({ name: 'api', source: { type: 'git', repo: 'https://example.com/a.git' }, triggers: { git: { enabled: true } } });
  const user = userEvent.setup({ delay: null });
  const view = renderWithClient(client, <TriggersPanel component={c} onSaved={() => undefined} />);
  return { client, c, user, view };
}

describe('webhook URLs and copy buttons', { timeout: 30_000 }, () => {
  it('copies the exact webhook URL to the clipboard and confirms it', async () => {
    const { client, user } = setup();
    const input = await screen.findByLabelText('Image webhook URL');
    const url = `${client.listenerUrl}/hooks/${client.secrets.get([...client.components.keys()][0])!.hook}/image`;
    expect(input).toHaveProperty('value', url);
    await user.click(screen.getByRole('button', { name: 'Copy Image webhook URL' }));
    expect(await navigator.clipboard.readText()).toBe(url);
    expect(screen.getByRole('button', { name: 'Copy Image webhook URL' }).textContent).toBe('Copied');
    expect(screen.getAllByRole('status').some((s) => s.textContent === 'Copied to the clipboard')).toBe(true);
  });

  it('warns that a local URL is unreachable from hosted providers, and says where to paste', async () => {
    setup();
    await screen.findByLabelText('Image webhook URL');
    expect(screen.getAllByText(/only works from this machine: the tunnel is off/).length).toBeGreaterThan(0);
    const hints = screen.getAllByText('Where to paste it')[0].closest('details')!;
    expect(within(hints).getByText('Docker Hub')).toBeTruthy();
    // a copyable registry config that filters what can never deploy, with the Authorization header
    const config = within(hints).getByLabelText('registry notifications config').textContent ?? '';
    const url = screen.getByLabelText<HTMLInputElement>('Image webhook URL').value;
    expect(config).toContain(`url: ${url}`);
    expect(config).toContain('actions: [pull, mount]');
    expect(config).toContain('mediatypes: [application/octet-stream]');
    expect(config).toContain('Authorization: [Bearer <the webhook secret or API key>]');
    expect(within(hints).getByRole('button', { name: 'Copy registry config' })).toBeTruthy();
  });

  it('names Bitbucket Cloud and Bitbucket Server / Data Center apart in the git hints', async () => {
    setup('git');
    await screen.findByLabelText('Git webhook URL');
    const hints = screen.getAllByText('Where to paste it')[0].closest('details')!;
    expect(within(hints).getByText('Bitbucket Cloud')).toBeTruthy();
    expect(within(hints).getByText('Bitbucket Server / Data Center')).toBeTruthy();
  });

  it('shows the public URL when the tunnel is up, and the local one for same-machine registries', async () => {
    const client = new FakeClient();
    client.tunnel = { state: 'online', host: 'https://lt.example', url: 'https://quiet-fox.lt.example' };
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' }, triggers: { image: { enabled: true } } });
    renderWithClient(client, <TriggersPanel component={c} onSaved={() => undefined} />);
    const input = await screen.findByLabelText('Image webhook URL');
    expect((input as HTMLInputElement).value).toMatch(/^https:\/\/quiet-fox\.lt\.example\/hooks\/.+\/image$/);
    expect(screen.queryByText(/tunnel is off/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy local URL' })).toBeTruthy();
  });

  it('re-reads the URLs when the tunnel comes up', async () => {
    const { client } = setup();
    await screen.findByLabelText('Image webhook URL');
    client.tunnel = { state: 'online', host: 'h', url: 'https://new.lt.example' };
    client.emit({ type: 'tunnel', tunnel: client.tunnel });
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Image webhook URL').value).toMatch(/^https:\/\/new\.lt\.example\//));
  });

  it('falls back to a selected field when the clipboard refuses', async () => {
    const { client, user } = setup();
    await screen.findByLabelText('Image webhook URL');
    const spy = vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('denied'));
    try {
      await user.click(screen.getByRole('button', { name: 'Copy Image webhook URL' }));
      const manual = await screen.findByLabelText('Press Ctrl+C (⌘C) to copy');
      const hooks = await client.getWebhooks([...client.components.keys()][0]);
      expect(manual).toHaveProperty('value', hooks.hooks.find((h) => h.trigger === 'image')!.url);
      expect(document.activeElement).toBe(manual);
    } finally {
      spy.mockRestore();
    }
  });

  it('custom API: reveals the key and copies a curl command that works as is', async () => {
    const { client, c, user } = setup();
    await screen.findByLabelText('API URL');
    expect(screen.getByText(/<secret key>/)).toBeTruthy();
    await user.click(within(screen.getByRole('region', { name: 'Custom API' })).getByRole('button', { name: 'Reveal' }));
    const key = client.secrets.get(c.id)!.api;
    expect(await screen.findByDisplayValue(key)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Copy curl command' }));
    const copied = await navigator.clipboard.readText();
    const url = screen.getByLabelText<HTMLInputElement>('API URL').value;
    expect(copied).toContain(`-d '{"secret_key":"${key}"}'`);
    expect(copied).toContain(`'${url}'`);
  });

  it('regenerating a secret asks first, then shows the new value', async () => {
    const { client, c, user } = setup('git');
    await screen.findByLabelText('Git webhook URL');
    const git = screen.getByRole('region', { name: 'Git webhook' });
    await user.click(within(git).getByRole('button', { name: 'Regenerate' }));
    expect(within(git).getByText(/must be given the new secret/)).toBeTruthy();
    expect(client.callsOf('regenerateSecret')).toHaveLength(0);
    await user.click(within(git).getByRole('button', { name: 'Regenerate' }));
    await waitFor(() => expect(client.callsOf('regenerateSecret')).toEqual([[c.id, 'git']]));
    expect(await within(git).findByDisplayValue(client.secrets.get(c.id)!.git)).toBeTruthy();
  });

  it('git keyword: "every push" saves an empty keyword', async () => {
    const { client, c, user } = setup('git');
    await user.click(screen.getByLabelText('Every push to main'));
    await user.click(within(screen.getByRole('region', { name: 'Git webhook' })).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.callsOf('updateComponent')).toEqual([[c.id, { triggers: { git: { keyword: '' } } }]]));
  });

  it('git keyword: spaces are refused next to the field', async () => {
    const { user } = setup('git');
    const keyword = screen.getByLabelText('Keyword');
    await user.clear(keyword);
    await user.type(keyword, 'ship it');
    expect(screen.getByText('the keyword cannot contain spaces')).toBeTruthy();
  });

  it('a local git repository gets a copyable post-receive hook calling the custom API', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'app', source: { type: 'git', repo: '/srv/git/app.git', branch: 'main' }, triggers: { git: { enabled: true }, api: { enabled: true } } });
    renderWithClient(client, <TriggersPanel component={c} onSaved={() => undefined} />);
    const hint = await screen.findByRole('region', { name: 'Local or self-hosted repository' });
    const apiUrl = `${client.listenerUrl}/hooks/${client.secrets.get(c.id)!.hook}/api`;
    await waitFor(() => expect(hint.querySelector('pre')!.textContent).toContain(`URL='${apiUrl}'`));
    expect(within(hint).getByRole('button', { name: /Copy post-receive hook/ })).toBeTruthy();
  });

  it('a GitHub repository gets no post-receive hint', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'app', source: { type: 'git', repo: 'https://github.com/acme/app.git' } });
    renderWithClient(client, <TriggersPanel component={c} onSaved={() => undefined} />);
    await screen.findByRole('heading', { name: 'Git webhook' });
    expect(screen.queryByRole('region', { name: 'Local or self-hosted repository' })).toBeNull();
  });
});
