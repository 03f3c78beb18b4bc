import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { ComponentsPage } from './components-page';

describe('ComponentsPage', { timeout: 30_000 }, () => {
  it('lists components with what runs and the last deploy, kept live by events', async () => {
    const client = new FakeClient();
    const web = client.seed(
      { name: 'web', source: { type: 'image', image: 'team/web:v1' } },
      { running: { deployId: 'd0', image: 'team/web:v1', tag: 'v1', since: '2025-01-01T00:00:00Z' } },
    );
    client.seed({ name: 'api', source: { type: 'git', repo: 'https://example.com/api.git' } });
    renderWithClient(client, <ComponentsPage />);
    const row = (name: string) => screen.getAllByRole('row').find((r) => r.dataset.component === name)!;
    await waitFor(() => expect(row('web')).toBeTruthy());
    expect(within(row('web')).getByText('v1')).toBeTruthy();
    expect(within(row('api')).getByText('https://example.com/api.git (main)')).toBeTruthy();
    expect(within(row('web')).getByText('never')).toBeTruthy();

    let deployId = '';
    act(() => void (deployId = client.addDeploy(web.id, { state: 'queued' }).id));
    await waitFor(() => expect(within(row('web')).getByText('queued')).toBeTruthy());
    act(() => void client.setDeployState(deployId, 'pulling'));
    await waitFor(() => expect(within(row('web')).getByText('pulling')).toBeTruthy());
  });

  it('toggles auto-build and shows a refusal with its reason', async () => {
    const client = new FakeClient();
    const web = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <ComponentsPage />);
    const toggle = await screen.findByRole('checkbox', { name: 'Auto-build web' });
    expect(toggle).toHaveProperty('checked', true);
    await user.click(toggle);
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Auto-build web' })).toHaveProperty('checked', false));
    expect(client.callsOf('updateComponent')).toEqual([[web.id, { autoBuild: false }]]);

    client.failNext('deployNow', new ApiError('unavailable', 'Docker engine not reachable: connect ENOENT /var/run/docker.sock'));
    await user.click(screen.getByRole('button', { name: 'Deploy now: web' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Docker engine not reachable: connect ENOENT');
  });

  it('invites to create the first component', async () => {
    renderWithClient(new FakeClient(), <ComponentsPage />);
    expect(await screen.findByRole('link', { name: 'Create the first one' })).toHaveProperty('hash', '#/components/new');
  });
});
