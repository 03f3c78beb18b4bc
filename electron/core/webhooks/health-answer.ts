/**
 * The webhook listener's own answer to `GET /healthz`. The tunnel's liveness probe asks for it
 * through the public URL and accepts nothing else as "alive": through localtunnel a stale
 * answer buffered on an idle tunnel socket (a 408), a relay error or a reminder page must not
 * pass for a healthy path to the listener (docs/tunnel.md, "Measured against the real server").
 */
export const HEALTH_PATH = '/healthz';
export const HEALTH_SERVICE = 'auto-deploy-webhooks';
export const HEALTH_BODY = { status: 'ok', service: HEALTH_SERVICE } as const;

/** Whether a status and body are exactly the listener's health answer. */
export function isHealthAnswer(status: number, body: string): boolean {
  if (status !== 200) return false;
  try {
    const json = JSON.parse(body) as unknown;
    return typeof json === 'object' && json !== null && (json as Record<string, unknown>).status === 'ok' && (json as Record<string, unknown>).service === HEALTH_SERVICE;
  } catch {
    return false;
  }
}
