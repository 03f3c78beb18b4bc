import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { renderWithClient } from '../../test/render';
import { ComponentPage } from './component-page';

describe('Check now', { timeout: 30_000 }, () => {
  it('asks the engine to check the component and shows what it found', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' }, triggers: { image: { enabled: true } } });
    client.checkResults[c.id] = { at: new Date().toISOString(), reason: 'manual', outcome: 'error', message: 'registry said 401: the registry refused', failures: 1 };
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <ComponentPage id={c.id} />);
    await user.click(await screen.findByRole('button', { name: 'Check now' }));
    await waitFor(() => expect(client.callsOf('checkComponent')).toEqual([[c.id]]));
    const status = await screen.findByText(/^Last checked/);
    expect(status.textContent).toBe('Last checked just now: check failed — registry said 401: the registry refused');
  });

  it("follows the engine's own checks: an unchanged result still moves the time, without a reload", async () => {
    const client = new FakeClient();
    const at = new Date(Date.now() - 42.5 * 60_000).toISOString();
    const check = { at, reason: 'interval', outcome: 'up-to-date', message: 'v1 runs, the newest' } as const;
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } }, { lastCheck: check });
    renderWithClient(client, <ComponentPage id={c.id} />);
    expect((await screen.findByText(/^Last checked/)).textContent).toBe('Last checked 42 min ago: up to date — v1 runs, the newest');
    const loads = client.callsOf('getComponent').length;
    act(() => void client.finishCheck(c.id, { ...check, at: new Date().toISOString() }));
    await waitFor(() => expect(screen.getByText(/^Last checked/).textContent).toBe('Last checked just now: up to date — v1 runs, the newest'));
    expect(client.callsOf('getComponent').length).toBe(loads);
  });
});
