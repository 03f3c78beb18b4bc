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

  it('lists the registry tags marked by the rule and deploys the chosen one', async () => {
    const { client, c, user } = setup();
    client.registryTags[c.id] = {
      repository: 'docker.io/team/web',
      truncated: false,
      tags: [
        { tag: 'v2', verdict: 'ignored', reason: 'tag "v2" is not the configured tag "v1"' },
        { tag: 'v1', verdict: 'running', reason: 'the configured tag' },
      ],
    };
    await user.click(await screen.findByRole('button', { name: 'Choose tag…' }));
    const list = await screen.findByRole('list', { name: 'Registry tags' });
    expect(within(list).getAllByRole('listitem').map((li) => [li.getAttribute('data-tag'), li.getAttribute('data-verdict')])).toEqual([
      ['v2', 'ignored'],
      ['v1', 'running'],
    ]);
    expect(list.textContent).toContain('is not the configured tag');
    await user.click(within(list).getByRole('button', { name: 'Deploy tag v2' }));
    await waitFor(() => expect(client.callsOf('deployNow')).toEqual([[c.id, { tag: 'v2' }]]));
  });

  it('still takes a typed tag when the registry cannot be asked, saying why', async () => {
    const { client, c, user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Choose tag…' }));
    expect((await screen.findByRole('alert')).textContent).toContain('cannot reach the registry');
    await user.type(screen.getByLabelText('Other tag'), 'v3{Enter}');
    await waitFor(() => expect(client.callsOf('deployNow')).toEqual([[c.id, { tag: 'v3' }]]));
  });

  it('shows where the app runs, warning when the network reaches it', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } }, {
      running: { deployId: 'd_1', image: 'team/web:v1', tag: 'v1', since: new Date().toISOString(), addresses: ['http://127.0.0.1:32771'], exposedToNetwork: true },
    });
    renderWithClient(client, <ComponentPage id={c.id} />);
    const link = await screen.findByRole('link', { name: '127.0.0.1:32771' });
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:32771');
    expect(screen.getByText('reachable from your network')).toBeTruthy();
    expect(screen.queryByText('zero-downtime')).toBeNull();
  });

  it('says whether the proxy serves it, or why automatic zero-downtime was not used', async () => {
    const client = new FakeClient();
    const since = new Date().toISOString();
    const proxied = client.seed({ name: 'web', source: { type: 'image', image: 'team/web:v1' } }, {
      running: { deployId: 'd_1', image: 'team/web:v1', since, addresses: ['http://127.0.0.1:8080'], proxied: true },
    });
    const direct = client.seed({ name: 'db', source: { type: 'image', image: 'team/db:v1' } }, {
      running: { deployId: 'd_2', image: 'team/db:v1', since, addresses: ['http://127.0.0.1:5432'], directReason: 'port 5432 closed the connection without an HTTP answer' },
    });
    const { unmount } = renderWithClient(client, <ComponentPage id={proxied.id} />);
    expect(await screen.findByText('zero-downtime')).toBeTruthy();
    unmount();
    renderWithClient(client, <ComponentPage id={direct.id} />);
    expect(await screen.findByText('no zero-downtime')).toBeTruthy();
    expect(screen.getByText('port 5432 closed the connection without an HTTP answer')).toBeTruthy();
    expect(screen.queryByText('zero-downtime')).toBeNull();
  });

  it('names the version a rollback puts back and sends that deploy', async () => {
    const { client, c, user } = setup();
    const old = client.addDeploy(c.id, { target: { tag: 'v1.0' }, result: { image: 'team/web:v1.0', imageId: 'sha256:old', tag: 'v1.0' } });
    client.setDeployState(old.id, 'succeeded');
    client.failNext('rollback', new ApiError('conflict', 'the image of that deploy is gone'));
    await user.click(await screen.findByRole('button', { name: 'Roll back to :v1.0' }));
    const group = screen.getByRole('group', { name: 'Roll back to :v1.0' });
    expect(group.textContent).toMatch(/Roll back to :v1\.0 \(deployed (just now|\d+ (min|h|d) ago)\)\?/);
    await user.click(within(group).getByRole('button', { name: 'Roll back' }));
    expect((await screen.findByRole('alert')).textContent).toContain('the image of that deploy is gone');
    expect(client.callsOf('rollback')).toEqual([[c.id, { deployId: old.id }]]);
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
