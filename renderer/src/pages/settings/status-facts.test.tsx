import { describe, expect, it } from 'vitest';
import { engineLabel } from './status-facts';

describe('engineLabel', () => {
  it('names the engine that answers, with its version', () => {
    expect(engineLabel({ ok: true, engine: 'Podman Engine', version: '4.3.1', apiVersion: '1.41' })).toBe('Podman Engine 4.3.1');
    expect(engineLabel({ ok: true, engine: 'Docker Engine', version: '20.10.24' })).toBe('Docker Engine 20.10.24');
    // an engine that does not say which it is: as before
    expect(engineLabel({ ok: true, version: '20.10.24' })).toBe('Docker 20.10.24');
  });
});
