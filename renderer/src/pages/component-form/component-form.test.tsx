import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/api';
import { FakeClient } from '../../test/fake-client';
import { errorOf, renderWithClient } from '../../test/render';
import { ComponentForm } from './component-form';

function setup(editing?: Parameters<typeof ComponentForm>[0]['editing']) {
  const client = new FakeClient();
  const user = userEvent.setup({ delay: null });
  renderWithClient(client, <ComponentForm editing={editing} />);
  return { client, user };
}

describe('ComponentForm validation (shared zod schemas)', { timeout: 30_000 }, () => {
  it('shows each message next to its field and sends nothing', async () => {
    const { client, user } = setup();
    await user.type(screen.getByLabelText('Name'), 'Bad Name');
    await user.click(screen.getByRole('button', { name: 'Create component' }));

    const name = screen.getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(name)).toMatch(/lower-case letters/);
    expect(errorOf(screen.getByLabelText('Image'))).toBe('image reference is empty');
    expect(screen.getByRole('alert').textContent).toMatch(/fix 2 fields/);
    expect(client.callsOf('createComponent')).toHaveLength(0);
    // the first invalid field gets focus, so keyboard users land on it
    expect(document.activeElement).toBe(name);
  });

  it('re-validates as the user types once a submit was attempted', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('button', { name: 'Create component' }));
    expect(errorOf(screen.getByLabelText('Name'))).toBe('use 1–63 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
    await user.type(screen.getByLabelText('Name'), 'web');
    expect(errorOf(screen.getByLabelText('Name'))).toBeNull();
  });

  it('puts list and key/value errors on the right row', async () => {
    const { user } = setup();
    await user.type(screen.getByLabelText('Name'), 'web');
    await user.type(screen.getByLabelText('Image'), 'registry.local:5000/team/web:v1');
    const ports = screen.getByRole('group', { name: 'Ports' });
    await user.click(within(ports).getByRole('button', { name: 'Add port' }));
    await user.click(within(ports).getByRole('button', { name: 'Add port' }));
    await user.click(within(ports).getByRole('button', { name: 'Add port' }));
    await user.type(within(ports).getByLabelText('Port 1'), '8080:80');
    // row 2 stays blank (not sent), row 3 is wrong: its schema index is 1
    await user.type(within(ports).getByLabelText('Port 3'), '99999:80');
    const env = screen.getByRole('group', { name: 'Environment variables' });
    await user.click(within(env).getByRole('button', { name: 'Add variable' }));
    await user.type(within(env).getByLabelText('Variable 1 name'), '1BAD');
    await user.type(within(env).getByLabelText('Variable 1 value'), 'x');
    await user.click(screen.getByRole('button', { name: 'Create component' }));

    expect(errorOf(within(ports).getByLabelText('Port 1'))).toBeNull();
    expect(errorOf(within(ports).getByLabelText('Port 3'))).toBe('ports must be between 1 and 65535');
    expect(errorOf(within(env).getByLabelText('Variable 1 name'))).toBe('environment variable names are letters, digits and _');
  });

  it('explains numbers and the command line', async () => {
    const { user } = setup();
    await user.clear(screen.getByLabelText('Wait up to (seconds)'));
    await user.type(screen.getByLabelText('Wait up to (seconds)'), '0');
    await user.type(screen.getByLabelText('Command'), 'sh -c "unclosed');
    await user.click(screen.getByRole('button', { name: 'Create component' }));
    expect(errorOf(screen.getByLabelText('Wait up to (seconds)'))).toBe('must be at least 1');
    expect(errorOf(screen.getByLabelText('Command'))).toBe('unclosed " quote');
  });

  it('creates the component with what was typed, secret env names listed', async () => {
    const { client, user } = setup();
    await user.type(screen.getByLabelText('Name'), 'web');
    await user.type(screen.getByLabelText('Image'), '127.0.0.1:5000/team/web:v1');
    const env = screen.getByRole('group', { name: 'Environment variables' });
    await user.click(within(env).getByRole('button', { name: 'Add variable' }));
    await user.type(within(env).getByLabelText('Variable 1 name'), 'DB_PASSWORD');
    await user.click(within(env).getByRole('checkbox', { name: 'Secret' }));
    const value = within(env).getByLabelText('Variable 1 value');
    await user.type(value, 'hunter22');
    expect(value.getAttribute('type')).toBe('password');
    await user.click(within(env).getByRole('button', { name: 'Show value of DB_PASSWORD' }));
    expect(value.getAttribute('type')).toBe('text');
    await user.type(screen.getByLabelText('Command'), `sh -c 'httpd -f'`);
    await user.click(screen.getByRole('button', { name: 'Create component' }));

    await waitFor(() => expect(client.callsOf('createComponent')).toHaveLength(1));
    const [input] = client.callsOf('createComponent')[0] as [Record<string, unknown>];
    expect(input).toMatchObject({
      name: 'web',
      source: { type: 'image', image: '127.0.0.1:5000/team/web:v1' },
      triggers: { image: { enabled: true } },
      deploy: { env: { DB_PASSWORD: 'hunter22' }, secretEnv: ['DB_PASSWORD'], command: ['sh', '-c', 'httpd -f'] },
    });
    const created = [...client.components.values()][0];
    await waitFor(() => expect(window.location.hash).toBe(`#/components/${created.id}`));
  });

  it('offers zero-downtime as automatic, always or never, only for the container target', async () => {
    const { client, user } = setup();
    await user.type(screen.getByLabelText('Name'), 'web');
    await user.type(screen.getByLabelText('Image'), '127.0.0.1:5000/team/web:v1');
    expect(screen.getByLabelText<HTMLSelectElement>('Zero-downtime deploys').value).toBe('auto');
    await user.selectOptions(screen.getByLabelText('Target'), 'swarm');
    expect(screen.queryByLabelText('Zero-downtime deploys')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Target'), 'container');
    await user.selectOptions(screen.getByLabelText('Zero-downtime deploys'), 'off');
    await user.click(screen.getByRole('button', { name: 'Create component' }));
    await waitFor(() => expect(client.callsOf('createComponent')).toHaveLength(1));
    const [input] = client.callsOf('createComponent')[0] as [{ deploy: Record<string, unknown> }];
    expect(input.deploy.zeroDowntime).toBe(false);
  });

  it('leaves zeroDowntime unset for automatic, so it follows the default', async () => {
    const { client, user } = setup();
    await user.type(screen.getByLabelText('Name'), 'web');
    await user.type(screen.getByLabelText('Image'), '127.0.0.1:5000/team/web:v1');
    await user.click(screen.getByRole('button', { name: 'Create component' }));
    await waitFor(() => expect(client.callsOf('createComponent')).toHaveLength(1));
    const [input] = client.callsOf('createComponent')[0] as [{ deploy: Record<string, unknown> }];
    expect('zeroDowntime' in input.deploy).toBe(false);
  });

  it("shows the engine's ApiError details next to the same fields, and the rest in the summary", async () => {
    const { client, user } = setup();
    client.failNext(
      'createComponent',
      new ApiError('validation', 'Invalid component: volumes', [
        { path: 'deploy.volumes.0', message: 'volume "data" is used by another component' },
        { path: 'deploy.secretEnv.0', message: 'unknown variable' },
      ]),
    );
    await user.type(screen.getByLabelText('Name'), 'web');
    await user.type(screen.getByLabelText('Image'), 'nginx:1.27');
    const volumes = screen.getByRole('group', { name: 'Volumes' });
    await user.click(within(volumes).getByRole('button', { name: 'Add volume' }));
    await user.type(within(volumes).getByLabelText('Volume 1'), 'data:/data');
    await user.click(screen.getByRole('button', { name: 'Create component' }));

    await waitFor(() => expect(errorOf(within(volumes).getByLabelText('Volume 1'))).toBe('volume "data" is used by another component'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Not saved: Invalid component: volumes');
    expect(alert.textContent).toContain('deploy.secretEnv.0 unknown variable');
    expect(alert.textContent).not.toContain('deploy.volumes.0');
  });

  it('shows a name conflict from the engine next to the name', async () => {
    const { client, user } = setup();
    client.seed({ name: 'web', source: { type: 'image', image: 'nginx' } });
    await user.type(screen.getByLabelText('Name'), 'web');
    await user.type(screen.getByLabelText('Image'), 'nginx');
    await user.click(screen.getByRole('button', { name: 'Create component' }));
    await waitFor(() => expect(errorOf(screen.getByLabelText('Name'))).toBe('already used by another component'));
  });

  it('edits: keeps stored credentials unless a new one is typed, clears the command explicitly', async () => {
    const client = new FakeClient();
    const c = client.seed(
      { name: 'api', source: { type: 'git', repo: 'https://example.com/a.git' }, deploy: { command: ['node', 'a.js'], ports: ['8080:80'] } },
      { credentialsSet: true },
    );
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <ComponentForm editing={c} />);
    expect(screen.getByLabelText('Command')).toHaveProperty('value', 'node a.js');
    expect(screen.getByText('One is stored; leave empty to keep it.')).toBeTruthy();
    await user.clear(screen.getByLabelText('Command'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(client.callsOf('updateComponent')).toHaveLength(1));
    const [id, patch] = client.callsOf('updateComponent')[0] as [string, Record<string, unknown>];
    expect(id).toBe(c.id);
    expect(patch).not.toHaveProperty('gitToken');
    expect(patch).toMatchObject({ source: { type: 'git', repo: 'https://example.com/a.git', branch: 'main' }, deploy: { command: [], ports: ['8080:80'] } });
  });

  it('edits: a stored zero-downtime choice shows, and automatic sends null to take it back', async () => {
    const client = new FakeClient();
    const c = client.seed({ name: 'api', source: { type: 'image', image: 'team/api:v1' }, deploy: { ports: ['8080:80'], zeroDowntime: true } });
    const user = userEvent.setup({ delay: null });
    renderWithClient(client, <ComponentForm editing={c} />);
    expect(screen.getByLabelText<HTMLSelectElement>('Zero-downtime deploys').value).toBe('on');
    await user.selectOptions(screen.getByLabelText('Zero-downtime deploys'), 'auto');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(client.callsOf('updateComponent')).toHaveLength(1));
    const [, patch] = client.callsOf('updateComponent')[0] as [string, { deploy: Record<string, unknown> }];
    expect(patch.deploy.zeroDowntime).toBeNull();
  });
});
