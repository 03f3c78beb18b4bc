import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { DeployPage } from './deploy-page';

describe('DeployPage', () => {
  it('follows the state live and explains a rollback', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
    const d = client.addDeploy(c.id, { trigger: { kind: 'image', provider: 'distribution', pusher: 'ci' }, target: { tag: 'v2' } });
    renderWithClient(client, <DeployPage deployId={d.id} />);
    expect(await screen.findByText('queued')).toBeTruthy();
    expect(screen.getByText('Docker registry push by ci')).toBeTruthy();
    act(() => void client.setDeployState(d.id, 'deploying'));
    expect(await screen.findByText('deploying')).toBeTruthy();
    act(() => void client.setDeployState(d.id, 'rolled-back', 'health check failed: HTTP / answered 500'));
    expect(await screen.findByText('rolled-back')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Rolled back: health check failed: HTTP / answered 500');
  });

  it('cancels a running deploy after asking', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
    const d = client.addDeploy(c.id, { state: 'building' });
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <DeployPage deployId={d.id} />);
    await user.click(await screen.findByRole('button', { name: 'Cancel deploy' }));
    await user.click(screen.getByRole('button', { name: 'Stop it' }));
    expect(await screen.findByText('cancelled')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel deploy' })).toBeNull());
  });
});
