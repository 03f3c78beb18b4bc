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

  it('shows when catch-up last checked each component and what it found, kept live by catch-up events', async () => {
    const client = new FakeClient();
    const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    const web = client.seed(
      { name: 'web', source: { type: 'image', image: 'team/web:v1' } },
      { lastCheck: { at: ago(3.5), reason: 'interval', outcome: 'up-to-date', message: 'v1 runs, the newest' } },
    );
    const api = client.seed(
      { name: 'api', source: { type: 'git', repo: 'https://example.com/api.git' } },
      { lastCheck: { at: ago(12.5), reason: 'start', outcome: 'error', message: 'git ls-remote failed: could not resolve host', failures: 2 } },
    );
    client.seed({ name: 'docs', source: { type: 'image', image: 'team/docs:v1' }, autoBuild: false });
    renderWithClient(client, <ComponentsPage />);
    const row = (name: string) => screen.getAllByRole('row').find((r) => r.dataset.component === name)!;
    const cell = (name: string) => within(row(name)).getAllByRole('cell').find((td) => td.dataset.label === 'Last check')!;
    const summary = async () => (await screen.findByText('Catch-up:')).parentElement!.textContent;

    expect(await summary()).toBe('Catch-up: checked 3 min ago · 1 up to date · 1 check failed: api · every 5 min');
    expect(screen.getByRole('columnheader', { name: 'Last check' })).toBeTruthy();
    expect(cell('web').textContent).toBe('3 min ago · up to date');
    expect(cell('api').textContent).toBe('12 min ago · check failed git ls-remote failed: could not resolve host');
    // the full time on hover and for screen readers
    expect(within(cell('api')).getByText('12 min ago').getAttribute('datetime')).toBe(api.lastCheck?.at);
    expect(cell('docs').textContent).toBe('not checked: auto-build off');

    // the engine's own check finds the same again: only the time moves, applied from the event
    const loads = client.callsOf('listComponents').length;
    act(() => void client.finishCheck(web.id, { at: new Date().toISOString(), reason: 'interval', outcome: 'up-to-date', message: 'v1 runs, the newest' }));
    await waitFor(() => expect(cell('web').textContent).toBe('just now · up to date'));
    expect(client.callsOf('listComponents').length).toBe(loads);
    expect(await summary()).toBe('Catch-up: checked just now · 1 up to date · 1 check failed: api · every 5 min');

    // the failing repository answers again: no failure left
    act(() => void client.finishCheck(api.id, { at: new Date().toISOString(), reason: 'interval', outcome: 'up-to-date', message: 'main@4d2a8b9 runs' }));
    await waitFor(() => expect(cell('api').textContent).toBe('just now · up to date'));
    expect(await summary()).toBe('Catch-up: checked just now · up to date · every 5 min');
  });

  it('says when catch-up is paused, has not run yet, or runs only on events', async () => {
    const client = new FakeClient();
    client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
    client.settings = { ...client.settings, autoDeploy: false, catchUp: { intervalSeconds: 0 } };
    renderWithClient(client, <ComponentsPage />);
    const summary = await screen.findByText('Catch-up:');
    expect(summary.parentElement!.textContent).toBe('Catch-up: paused with auto-deploy · not checked yet · no timed checks (start, wake and tunnel only)');
  });

  it('shows no catch-up line for an engine that runs no checks', async () => {
    const client = new FakeClient();
    client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } });
    client.statusExtra = { catchUp: undefined };
    renderWithClient(client, <ComponentsPage />);
    await screen.findByRole('columnheader', { name: 'Last check' });
    await waitFor(() => expect(client.callsOf('getStatus').length).toBe(1));
    expect(screen.queryByText('Catch-up:')).toBeNull();
  });

  it('invites to create the first component', async () => {
    renderWithClient(new FakeClient(), <ComponentsPage />);
    expect(await screen.findByRole('link', { name: 'Create the first one' })).toHaveProperty('hash', '#/components/new');
  });
});
