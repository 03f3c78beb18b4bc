/**
 * The deploy queue's rules, without any Docker: one job at a time per component; at most one
 * pending job per component (a newer request replaces it, so a burst collapses into the
 * newest); a global limit on jobs running at once, read each time a slot is considered.
 */
export interface QueueJob {
  id: string;
  componentId: string;
}

export class JobQueue<J extends QueueJob> {
  private readonly active = new Map<string, { job: J; done: Promise<void> }>();
  /** componentId → the one pending job; Map order is the order of arrival. */
  private readonly pending = new Map<string, J>();
  private stopped = false;

  constructor(
    private readonly run: (job: J) => Promise<void>,
    private readonly limit: () => number,
  ) {}

  /** Queue a job; returns the pending job it replaced, if any. */
  enqueue(job: J): J | undefined {
    if (this.stopped) throw new Error('the deploy queue is stopped');
    const replaced = this.pending.get(job.componentId);
    this.pending.delete(job.componentId);
    this.pending.set(job.componentId, job);
    this.pump();
    return replaced;
  }

  /** Remove a job that has not started; returns it, or undefined when it is not pending. */
  removePending(jobId: string): J | undefined {
    for (const [componentId, job] of this.pending) {
      if (job.id === jobId) {
        this.pending.delete(componentId);
        return job;
      }
    }
    return undefined;
  }

  /** The running job with this id and the promise of its end. */
  activeJob(jobId: string): { job: J; done: Promise<void> } | undefined {
    for (const a of this.active.values()) if (a.job.id === jobId) return a;
    return undefined;
  }

  activeFor(componentId: string): J | undefined {
    return this.active.get(componentId)?.job;
  }
  pendingFor(componentId: string): J | undefined {
    return this.pending.get(componentId);
  }
  runningJobs(): J[] {
    return [...this.active.values()].map((a) => a.job);
  }
  pendingJobs(): J[] {
    return [...this.pending.values()];
  }

  /** Start no more jobs; returns the pending ones (removed from the queue). */
  stop(): J[] {
    this.stopped = true;
    const left = [...this.pending.values()];
    this.pending.clear();
    return left;
  }

  /** Resolves when every running job has ended. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  private pump(): void {
    if (this.stopped) return;
    for (const [componentId, job] of this.pending) {
      if (this.active.size >= Math.max(1, this.limit())) return;
      if (this.active.has(componentId)) continue;
      this.pending.delete(componentId);
      const done = this.run(job)
        .catch(() => undefined) // run() records its own failures; the queue must keep going
        .finally(() => {
          this.active.delete(componentId);
          this.pump();
        });
      this.active.set(componentId, { job, done });
    }
  }
}
