import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../test/fake-client';
import { renderWithClient } from '../test/render';
import { StatusBanner } from './status-banner';

describe('StatusBanner', () => {
  it('says nothing when all is well', async () => {
    const client = new FakeClient();
    renderWithClient(client, <StatusBanner />);
    await waitFor(() => expect(client.callsOf('getStatus')).toHaveLength(1));
    expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull();
  });

  it('shows an unreachable engine and engine warnings', async () => {
    const client = new FakeClient();
    client.statusExtra = {
      // the engine's message already names the problem; the banner must not repeat it
      docker: { ok: false, error: 'Docker engine not reachable: connect ENOENT /var/run/docker.sock' },
      warnings: ['db.json failed validation and was set aside; the last good copy is in use'],
    };
    renderWithClient(client, <StatusBanner />);
    const banner = await screen.findByRole('region', { name: 'Needs attention' });
    expect(banner.textContent).toContain('Docker engine not reachable: connect ENOENT /var/run/docker.sock');
    expect(banner.textContent?.match(/Docker engine not reachable/g)).toHaveLength(1);
    expect(banner.textContent).toContain('db.json failed validation and was set aside');
  });

  it('offers to resume a paused auto-deploy', async () => {
    const client = new FakeClient();
    client.settings.autoDeploy = false;
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <StatusBanner />);
    const banner = await screen.findByRole('region', { name: 'Needs attention' });
    await user.click(within(banner).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull());
    expect(client.settings.autoDeploy).toBe(true);
  });

  it('tells about a changed public URL until dismissed', async () => {
    const client = new FakeClient();
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <StatusBanner />);
    await waitFor(() => expect(client.callsOf('getStatus')).toHaveLength(1));
    act(() => client.emit({ type: 'tunnel-url-changed', url: 'https://b.lt.example', previousUrl: 'https://a.lt.example' }));
    const banner = await screen.findByRole('region', { name: 'Needs attention' });
    expect(banner.textContent).toContain('The public URL changed from https://a.lt.example to https://b.lt.example');
    await user.click(within(banner).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull();
  });
});
