/** Removing a new container that did not become healthy, with what the user needs to know why. */
import type { ContainerEngine } from '../engine/container-engine';
import { Cancelled } from '../errors';
import { HealthCheckFailed } from './health-check';

const LOG_TAIL = 50;

/**
 * A new container that failed (or a cancelled swap): why, in the deploy's words, and its last
 * log lines, logged; then it is removed. Shared by the plain swap and the proxy swap.
 */
export async function discardNew(
  engine: ContainerEngine,
  newId: string | undefined,
  err: unknown,
  log: (line: string) => void,
): Promise<{ cancelled: boolean; reason: string; lastLines?: string }> {
  const cancelled = err instanceof Cancelled;
  const reason = cancelled ? 'cancelled' : err instanceof HealthCheckFailed ? err.message : `could not start the new container: ${(err as Error).message}`;
  log(`swap: ${cancelled ? 'cancelled' : `new container failed: ${reason}`}`);
  let lastLines: string | undefined;
  if (newId) {
    lastLines = (await engine.containerLogs(newId, LOG_TAIL).catch(() => '')).trim() || undefined;
    if (lastLines) log(`swap: last lines of the new container:\n${lastLines}`);
    await engine.removeContainer(newId);
  }
  return { cancelled, reason, ...(lastLines ? { lastLines } : {}) };
}
