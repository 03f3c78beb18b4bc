import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { ComponentPage } from './component-page';

function setup() {
  const client = new FakeClient();
  const c = client.seed({
    name: 'web',
    source: { type: 'image', image: 'team/web:v1' },
    triggers: { image: { enabled: true } },
    deploy: { env: { MODE: 'prod', TOKEN: 'sekrit' }, secretEnv: ['TOKEN'], ports: ['8080:80'] },
  });
  const user = userEvent.setup({ delay: null });
  renderWithClient(client, <ComponentPage id={c.id} />);
  return { client, c, user };
}

describe('ComponentPage', { timeout: 30_000 }, () => {
  it('deploys now and streams the new deploy in "Latest deploy"', async () => {
    const { client, c, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Deploy now' }));
    const latest = screen.getByRole('region', { name: 'Latest deploy' });
    await waitFor(() => expect(within(latest).getByText('queued')).toBeTruthy());
    const d = client.deploys[0];
    expect(client.callsOf('deployNow')).toEqual([[c.id, undefined]]);
    act(() => {
      client.setDeployState(d.id, 'pulling');
      client.log(d.id, 'pulling team/web:v1');
    });
    await waitFor(() => expect(within(latest).getByRole('log').textContent).toContain('pulling team/web:v1'));
    expect(within(latest).getByText('pulling')).toBeTruthy();
    act(() => void client.setDeployState(d.id, 'rolled-back', 'new container exited with code 1; previous container restored'));
    await waitFor(() => expect(within(latest).getByText('rolled-back')).toBeTruthy());
    expect(within(latest).getByText('new container exited with code 1; previous container restored')).toBeTruthy();
  });

  it('deploys a chosen tag', async () => {
    const { client, c, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Choose tag…' }));
    await user.type(screen.getByLabelText('Tag'), 'v2{Enter}');
    await waitFor(() => expect(client.callsOf('deployNow')).toEqual([[c.id, { tag: 'v2' }]]));
  });

  it('shows why a rollback was refused', async () => {
    const { client, c, user } = setup();
    const d = client.addDeploy(c.id);
    client.setDeployState(d.id, 'succeeded');
    client.failNext('rollback', new ApiError('conflict', 'No earlier successful deploy to roll back to'));
    await user.click(await screen.findByRole('button', { name: 'Roll back' }));
    await user.click(within(screen.getByRole('group', { name: 'Roll back' })).getByRole('button', { name: 'Roll back' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No earlier successful deploy to roll back to');
  });

  it('masks secret env values in the summary', async () => {
    setup();
    const summary = await screen.findByRole('region', { name: 'Deploy settings' });
    expect(summary.textContent).toContain('MODE=prod');
    expect(summary.textContent).not.toContain('sekrit');
    expect(within(summary).getByLabelText('hidden value')).toBeTruthy();
  });

  it('deletes with the choice to keep the container', async () => {
    const { client, c, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Delete web…' }));
    await user.click(screen.getByLabelText(/Also stop and remove its container/));
    await user.click(screen.getByRole('button', { name: 'Delete, keep container running' }));
    await waitFor(() => expect(client.callsOf('deleteComponent')).toEqual([[c.id, { removeContainer: false }]]));
    await waitFor(() => expect(window.location.hash).toBe('#/'));
  });
});
