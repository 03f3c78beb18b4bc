/**
 * Decides whether a freshly started container is healthy: its HEALTHCHECK when it has one
 * (read from the container, which carries the image's; Podman's image inspect omits it),
 * otherwise "still running after stableSeconds"; plus an optional HTTP probe. A container that
 * exits or restarts meanwhile fails at once. Where the engine does not run checks by itself
 * (Podman without systemd: the status stays `starting`), the check is run on demand at the
 * container's own interval.
 */
import type { DeploySettings } from '../../../../shared/schemas/component';
import type { ContainerDetails, ContainerEngine } from '../engine/container-engine';
import { Cancelled } from '../errors';
import { sleep } from '../../../../shared/sleep';

export class HealthCheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HealthCheckFailed';
  }
}

export interface HealthOptions {
  engine: ContainerEngine;
  containerId: string;
  imageHasHealthcheck: boolean;
  healthcheck: DeploySettings['healthcheck'];
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Proxy mode: a path probe goes to this base (the container's network address), not a host port. */
  probeBase?: string;
}

/** The probe URL: a full http(s) URL as given, or a path on the first published host port. */
export function probeUrl(target: string, c: ContainerDetails, base?: string): string {
  if (/^https?:\/\//i.test(target)) return target;
  if (base) return `${base}${target.startsWith('/') ? '' : '/'}${target}`;
  const port = c.ports.find((p) => p.protocol === 'tcp' && p.hostPort > 0);
  if (!port) throw new HealthCheckFailed(`the HTTP probe "${target}" is a path, but the container publishes no TCP port`);
  const wildcard = port.hostIp === '' || port.hostIp === '0.0.0.0' || port.hostIp === '::';
  const host = wildcard ? '127.0.0.1' : port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `http://${host}:${port.hostPort}${target.startsWith('/') ? '' : '/'}${target}`;
}

const TIMED_OUT = 'no answer in time';

async function probeOnce(url: string, timeoutMs: number): Promise<string | number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.body?.cancel();
    return res.status;
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return TIMED_OUT;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (err as Error).message;
  }
}

/**
 * Per-attempt probe timeouts: short at first, because a SYN sent while the container's
 * network is still being wired up is only retransmitted after a second; doubled after each
 * attempt that timed out, so a slow endpoint still gets its time.
 */
export class ProbeTimeout {
  private ms = 250;
  constructor(private readonly maxMs: number) {}
  get current(): number {
    return Math.min(this.ms, this.maxMs);
  }
  after(answer: string | number): void {
    if (answer === TIMED_OUT) this.ms = Math.min(this.ms * 2, this.maxMs);
  }
}

function deathReason(c: ContainerDetails, startedAt: string, restarts: number): string | undefined {
  if (c.restartCount > restarts || c.startedAt !== startedAt || c.status === 'restarting') {
    // once the restart policy has started it again, Docker reports exit code 0: only a
    // non-zero code says anything about the crash
    return c.exitCode ? `the container exited and was restarted (exit code ${c.exitCode})` : 'the container exited and was restarted';
  }
  if (!c.running) {
    const why = c.oomKilled ? ' (out of memory)' : c.error ? ` (${c.error})` : '';
    return `the container exited with code ${c.exitCode}${why}`;
  }
  return undefined;
}

export async function waitHealthy(opts: HealthOptions): Promise<void> {
  const { engine, containerId, healthcheck: hc, log, signal } = opts;
  const started = Date.now();
  const first = await engine.inspectContainer(containerId);
  if (!first) throw new HealthCheckFailed('the container disappeared');
  const startedAt = first.startedAt;
  const restarts = first.restartCount;
  const hasHealthcheck = opts.imageHasHealthcheck || !!first.healthcheck;
  // run the check ourselves when the engine leaves it `starting` past one interval (clamped so
  // a default 30 s interval does not stall a deploy, and a tiny one does not flood the engine)
  const pokeEveryMs = Math.min(Math.max(first.healthcheck?.intervalMs ?? 1000, 250), 5000);
  let lastPoke = started;
  let engineRunsChecks: boolean | undefined;
  const deadline = started + Math.max(hc.timeoutSeconds, hc.stableSeconds) * 1000;
  const http = hc.http;
  const httpDeadline = http ? started + http.timeoutSeconds * 1000 : 0;
  let url: string | undefined;
  let lastAnswer: string | number | undefined;
  let healthOk = false;
  let httpOk = !http;
  const probeTimeout = new ProbeTimeout(Math.min(10_000, (http?.timeoutSeconds ?? 1) * 1000));

  log(
    hasHealthcheck
      ? `health: waiting for the container's HEALTHCHECK (up to ${hc.timeoutSeconds}s)`
      : `health: no health check; the container must keep running for ${hc.stableSeconds}s`,
  );
  for (let round = 0; ; round++) {
    if (signal?.aborted) throw new Cancelled();
    const c = await engine.inspectContainer(containerId);
    if (!c) throw new HealthCheckFailed('the container disappeared');
    const dead = deathReason(c, startedAt, restarts);
    if (dead) throw new HealthCheckFailed(dead);
    const now = Date.now();
    if (!healthOk) {
      if (hasHealthcheck) {
        if (c.health === 'healthy') healthOk = true;
        else if (c.health === 'unhealthy') throw new HealthCheckFailed(`the container's HEALTHCHECK reports unhealthy${c.healthLog ? `: ${c.healthLog}` : ''}`);
        else if (now > deadline) throw new HealthCheckFailed(`not healthy after ${hc.timeoutSeconds}s (health: ${c.health})`);
        else if (engineRunsChecks !== true && now - lastPoke >= pokeEveryMs) {
          lastPoke = now;
          const ran = await engine.runHealthCheck(containerId);
          engineRunsChecks = ran === null;
          // the answer is recorded in the container's state: the next inspect reads it
          if (ran !== null) continue;
        }
      } else if (now - started >= hc.stableSeconds * 1000) {
        healthOk = true;
      }
      if (healthOk) log(hasHealthcheck ? 'health: health check: healthy' : `health: no health check; still running after ${hc.stableSeconds}s`);
    }
    if (!httpOk && http) {
      url ??= probeUrl(http.url, c, opts.probeBase);
      lastAnswer = await probeOnce(url, probeTimeout.current);
      probeTimeout.after(lastAnswer);
      if (lastAnswer === http.expectStatus) {
        httpOk = true;
        log(`health: HTTP probe ${url} answered ${lastAnswer}`);
      } else if (Date.now() > httpDeadline) {
        throw new HealthCheckFailed(
          `HTTP probe ${url} ${typeof lastAnswer === 'number' ? `answered ${lastAnswer}` : `got no answer (${lastAnswer})`}, expected ${http.expectStatus}, for ${http.timeoutSeconds}s`,
        );
      }
    }
    if (healthOk && httpOk) return;
    // quick polls first (most containers come up in well under a second), then gentler ones
    await sleep(round < 100 ? 50 : 250, { signal });
  }
}
