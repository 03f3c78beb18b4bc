import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Status } from '../../../../shared/schemas/status';
import { engineLabel, StatusFacts } from './status-facts';
import '../../test/render';

describe('engineLabel', () => {
  it('names the engine that answers, with its version', () => {
    expect(engineLabel({ ok: true, engine: 'Podman Engine', version: '4.3.1', apiVersion: '1.41' })).toBe('Podman Engine 4.3.1');
    expect(engineLabel({ ok: true, engine: 'Docker Engine', version: '20.10.24' })).toBe('Docker Engine 20.10.24');
    // an engine that does not say which it is: as before
    expect(engineLabel({ ok: true, version: '20.10.24' })).toBe('Docker 20.10.24');
  });
});

describe('StatusFacts', () => {
  const status = (catchUp: Status['catchUp']): Status => ({
    version: '1.0.0',
    autoDeploy: true,
    listenerUrl: 'http://127.0.0.1:7780',
    tunnel: { state: 'off', host: 'https://localtunnel.me' },
    docker: { ok: true },
    runningJobs: [],
    warnings: [],
    secretsBackend: 'file',
    dataDir: '/tmp/ad',
    ...(catchUp ? { catchUp } : {}),
  });
  const fact = (name: string) => screen.getByText(name, { selector: 'dt' }).nextElementSibling?.textContent;

  it('says when catch-up last ran, how often it runs and how many components it cannot check', () => {
    const lastCheckAt = new Date(Date.now() - 3.5 * 60_000).toISOString();
    render(<StatusFacts status={status({ intervalSeconds: 300, lastCheckAt, failing: 2 })} />);
    expect(fact('Catch-up')).toBe('last check 3 min ago · every 5 min · 2 components failing');
  });

  it('before the first check, and not at all where the engine runs none', () => {
    const { unmount } = render(<StatusFacts status={status({ intervalSeconds: 90, failing: 0 })} />);
    expect(fact('Catch-up')).toBe('no check yet · every 90 s');
    unmount();
    render(<StatusFacts status={status(undefined)} />);
    expect(screen.queryByText('Catch-up', { selector: 'dt' })).toBeNull();
  });
});
