/** Errors every ContainerEngine implementation throws, so deploy logic can tell them apart. */

/** The engine's socket/host does not answer. */
export class EngineUnreachableError extends Error {
  constructor(detail: string) {
    super(unreachableMessage(detail));
    this.name = 'EngineUnreachableError';
  }
}

/** An engine answer with an HTTP status (404 no such container, 409 conflict, ...). */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTSOCK']);

/** Map a dockerode/docker-modem error to ours. */
export function mapEngineError(err: unknown): Error {
  if (err instanceof EngineUnreachableError || err instanceof EngineError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string; json?: { message?: string } | null; reason?: string };
  if (e && typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) {
    return new EngineUnreachableError(e.message ?? e.code);
  }
  if (e && typeof e.statusCode === 'number') {
    const detail = String(e.json?.message ?? e.reason ?? e.message ?? `HTTP ${e.statusCode}`).trim();
    return new EngineError(detail, normalStatus(e.statusCode, detail));
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Podman's Docker-compatible API answers some conflicts with 500 where Docker says 409: a taken
 * container name ("already in use"), an image removed by id while it has several tags ("more
 * than one tag ... please force removal") or while a container uses it ("image is in use",
 * "being used"). The port promises 409 for a conflict on every engine.
 */
const PODMAN_CONFLICT = /already in use|more than one tag|image is in use|being used by|in use by (?:a )?container/i;
function normalStatus(status: number, detail: string): number {
  return status === 500 && PODMAN_CONFLICT.test(detail) ? 409 : status;
}

export const isConflict = (err: unknown): boolean => err instanceof EngineError && err.statusCode === 409;
export const isNotFound = (err: unknown): boolean => err instanceof EngineError && err.statusCode === 404;

const UNREACHABLE = 'Docker engine not reachable';

/** "Docker engine not reachable: <detail>", said once however many layers wrap the detail. */
export function unreachableMessage(detail: string): string {
  let d = detail.trim();
  while (d.startsWith(UNREACHABLE)) d = d.slice(UNREACHABLE.length).replace(/^[:\s]+/, '');
  return d ? `${UNREACHABLE}: ${d}` : UNREACHABLE;
}
