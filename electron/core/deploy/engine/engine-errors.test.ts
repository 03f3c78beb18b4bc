import { describe, expect, it } from 'vitest';
import { EngineUnreachableError, unreachableMessage } from './engine-errors';

describe('unreachableMessage', () => {
  it('says "Docker engine not reachable" once, however often the detail was wrapped', () => {
    const inner = new EngineUnreachableError('connect ENOENT /var/run/docker.sock');
    expect(inner.message).toBe('Docker engine not reachable: connect ENOENT /var/run/docker.sock');
    expect(unreachableMessage(inner.message)).toBe(inner.message);
    expect(new EngineUnreachableError(inner.message).message).toBe(inner.message);
    expect(unreachableMessage('Docker engine not reachable: Docker engine not reachable: x')).toBe('Docker engine not reachable: x');
    expect(unreachableMessage('')).toBe('Docker engine not reachable');
  });
});
