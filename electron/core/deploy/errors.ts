/**
 * How a deploy stops early, for every room of `deploy/`: the user (or a newer request, or
 * shutdown) cancelled it, or it failed for a reason worth recording as the deploy's reason.
 * Engine errors (unreachable, conflict, ...) live with the engine port in engine/engine-errors.ts.
 */

/** The job's abort signal fired: nothing more is done, whatever phase it was in. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/**
 * The source of truth (the repository, the registry) says this request must not deploy: no
 * commit carries the keyword, the commit is older than what runs, ... Recorded `skipped` with
 * the message as the reason; nothing running is touched.
 */
export class Skipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Skipped';
  }
}

/** The job failed; the message is the deploy's reason as the user reads it. */
export class JobFailed extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'JobFailed';
  }
}
