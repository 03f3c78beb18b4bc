import { describe, expect, it } from 'vitest';
import { sleep } from './sleep';

describe('sleep', () => {
  it('resolves early, without rejecting, when its signal aborts', async () => {
    const ac = new AbortController();
    let done = false;
    const p = sleep(60_000, { signal: ac.signal }).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    ac.abort();
    await p;
    expect(done).toBe(true);
  });

  it('resolves at once for an already aborted signal', async () => {
    await expect(sleep(60_000, { signal: AbortSignal.abort() })).resolves.toBeUndefined();
  });
});
