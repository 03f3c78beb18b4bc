import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { TUNNEL_SUBDOMAIN_MESSAGE } from '../../../../shared/tunnel-subdomain';
import { FakeClient } from '../../test/fake-client';
import { errorOf, renderWithClient } from '../../test/render';
import { SettingsPage } from './settings-page';

describe('SettingsPage', { timeout: 30_000 }, () => {
  it('validates with the settings schema next to the field', async () => {
    const client = new FakeClient();
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <SettingsPage />);
    const sub = await screen.findByLabelText('Subdomain (optional)');
    // the real localtunnel server refuses a hyphenated name under 6 characters (docs/tunnel.md §4)
    await user.type(sub, 'ab-c1');
    await user.clear(screen.getByLabelText('Port'));
    await user.type(screen.getByLabelText('Port'), '70000');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(errorOf(screen.getByLabelText('Subdomain (optional)'))).toBe(TUNNEL_SUBDOMAIN_MESSAGE);
    expect(errorOf(screen.getByLabelText('Port'))).toBe('must be at most 65535');
    expect(client.callsOf('updateSettings')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Subdomain (optional)'));
    await user.type(screen.getByLabelText('Subdomain (optional)'), 'my-app');
    await user.clear(screen.getByLabelText('Port'));
    await user.type(screen.getByLabelText('Port'), '7790');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(client.settings.tunnel.subdomain).toBe('my-app'));
    expect(client.settings.webhookPort).toBe(7790);
  });

  it('edits the zero-downtime proxy image (refusing an empty one) and the local names port (empty = off)', async () => {
    const client = new FakeClient();
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <SettingsPage />);
    const image = await screen.findByLabelText('Proxy image');
    expect(image).toHaveProperty('value', 'caddy:2');
    await user.clear(image);
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(errorOf(screen.getByLabelText('Proxy image'))).toBeTruthy();
    expect(client.callsOf('updateSettings')).toHaveLength(0);
    await user.type(screen.getByLabelText('Proxy image'), 'registry.local/caddy:2.8');
    await user.type(screen.getByLabelText('Local names port (optional)'), '7781');
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(client.settings.proxy.image).toBe('registry.local/caddy:2.8'));
    expect(client.settings.proxy.localNamesPort).toBe(7781);
    await user.clear(screen.getByLabelText('Local names port (optional)'));
    await user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(client.settings.proxy.localNamesPort).toBe(0));
  });

  it('starts the tunnel and shows its URL; pauses auto-deploy; notification switches', async () => {
    const client = new FakeClient();
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <SettingsPage />);
    const tunnel = await screen.findByRole('region', { name: 'Public URL (tunnel)' });
    await waitFor(() => expect(within(tunnel).getByText('off')).toBeTruthy());
    await user.click(within(tunnel).getByRole('button', { name: 'Start tunnel' }));
    await waitFor(() => expect(within(tunnel).getByText('https://quiet-fox.loca.lt')).toBeTruthy());
    expect(within(tunnel).getByText('online')).toBeTruthy();

    await user.click(screen.getByLabelText('Auto-deploy'));
    await waitFor(() => expect(client.settings.autoDeploy).toBe(false));
    await user.click(await screen.findByLabelText('Notify when a deploy succeeded'));
    await waitFor(() => expect(client.settings.notifications.succeeded).toBe(false));
    expect(screen.getByText(/Docker Engine 20\.10\.24/)).toBeTruthy();
  });

  it('headless: desktop-only options are not offered, and the page says why; Save ends the editable part', async () => {
    const client = new FakeClient();
    client.statusExtra = { mode: 'headless' };
    renderWithClient(client, <SettingsPage />);
    expect((await screen.findByText(/Running headless/)).textContent).toContain('start at login');
    expect(screen.queryByLabelText('Start Auto Deploy at login')).toBeNull();
    expect(screen.queryByLabelText('Notify when a deploy failed')).toBeNull();
    expect(screen.getByText(/headless \(serve\)/)).toBeTruthy();
    // nothing editable follows the Save button
    const save = screen.getByRole('button', { name: 'Save settings' });
    const after = Array.from(document.querySelectorAll('input, select, textarea')).filter((el) => save.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    expect(after).toEqual([]);
  });
});
