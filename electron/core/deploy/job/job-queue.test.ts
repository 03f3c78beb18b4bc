import { describe, expect, it } from 'vitest';
import { JobQueue } from './job-queue';

interface J {
  id: string;
  componentId: string;
}

/** A queue whose jobs finish when the test says so. */
function harness(limit = 2) {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const queue = new JobQueue<J>(
    (job) =>
      new Promise<void>((resolve) => {
        started.push(job.id);
        finish.set(job.id, resolve);
      }),
    () => limit,
  );
  const end = async (id: string) => {
    finish.get(id)!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { queue, started, end };
}

describe('JobQueue', () => {
  it('runs one job per component and collapses a burst into the newest', async () => {
    const { queue, started, end } = harness();
    const replaced: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = queue.enqueue({ id: `j${i}`, componentId: 'c1' });
      if (r) replaced.push(r.id);
    }
    expect(started).toEqual(['j0']);
    expect(replaced).toEqual(Array.from({ length: 18 }, (_, i) => `j${i + 1}`));
    await end('j0');
    expect(started).toEqual(['j0', 'j19']);
    await end('j19');
    expect(queue.runningJobs()).toEqual([]);
  });

  it('holds the global limit across components', async () => {
    const { queue, started, end } = harness(2);
    queue.enqueue({ id: 'a', componentId: 'c1' });
    queue.enqueue({ id: 'b', componentId: 'c2' });
    queue.enqueue({ id: 'c', componentId: 'c3' });
    expect(started).toEqual(['a', 'b']);
    await end('b');
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('removes pending jobs and stops starting new ones', async () => {
    const { queue, started, end } = harness(1);
    queue.enqueue({ id: 'a', componentId: 'c1' });
    queue.enqueue({ id: 'b', componentId: 'c2' });
    queue.enqueue({ id: 'c', componentId: 'c3' });
    expect(queue.removePending('b')?.id).toBe('b');
    expect(queue.removePending('a')).toBeUndefined();
    expect(queue.stop().map((j) => j.id)).toEqual(['c']);
    await end('a');
    expect(started).toEqual(['a']);
    await queue.idle();
    expect(() => queue.enqueue({ id: 'd', componentId: 'c1' })).toThrow(/stopped/);
  });
});
