import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../../shared/schemas/delivery';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { DeliveriesPage } from './deliveries-page';

const delivery = (over: Partial<Delivery>): Delivery => ({
  id: `dl_${Math.random()}`,
  receivedAt: '2025-01-01T10:00:00Z',
  provider: 'github',
  verified: true,
  outcome: 'queued',
  status: 202,
  ...over,
});

describe('DeliveriesPage', () => {
  it('lists what arrived, why it was ignored or refused, and links the deploy', async () => {
    const client = new FakeClient();
    client.deliveries = [
      delivery({ provider: 'distribution', trigger: 'image', event: 'push', summary: 'team/web:v2', componentId: 'c1', componentName: 'web', deployId: 'd9' }),
      delivery({ provider: 'github', event: 'push', outcome: 'ignored', status: 200, reason: 'no @deploy in the commit message', componentName: 'api', componentId: 'c2' }),
      delivery({ provider: 'unknown', verified: false, outcome: 'rejected', status: 401, reason: 'bad signature' }),
    ];
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <DeliveriesPage />);
    const rows = await screen.findAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]).getByRole('link', { name: 'deploy' })).toHaveProperty('hash', '#/deploys/d9');
    expect(within(rows[2]).getByText('no @deploy in the commit message')).toBeTruthy();
    expect(within(rows[3]).getByText('no')).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Show'), 'rejected');
    expect(screen.getAllByRole('row')).toHaveLength(2);

    await user.selectOptions(screen.getByLabelText('Show'), '');
    client.deliveries.unshift(delivery({ provider: 'dockerhub', outcome: 'duplicate', status: 200 }));
    act(() => client.emit({ type: 'delivery', delivery: client.deliveries[0] }));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(5));
  });
});
