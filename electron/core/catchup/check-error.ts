/** A check that could not ask its source. Never leads to a deploy; the next try backs off. */
export class CheckError extends Error {
  constructor(
    message: string,
    /** The source asked us to wait this long (HTTP 429/503 `Retry-After`). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CheckError';
  }
}
