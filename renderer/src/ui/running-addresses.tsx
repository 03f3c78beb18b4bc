/**
 * Where the running app answers: each published address as a link, a warning when a port is
 * published on every interface (others on the network can reach it, not only this machine),
 * and whether the app's proxy serves it (zero-downtime) or, automatic mode declined, why not.
 */
import type { RunningState } from '../../../shared/schemas/component';

export function RunningAddresses({ running, compact }: { running: RunningState | undefined; compact?: boolean }) {
  const addresses = running?.addresses ?? [];
  if (addresses.length === 0) return null;
  return (
    <span className="addresses">
      {addresses.map((url) => (
        <a key={url} href={url} target="_blank" rel="noreferrer noopener" className="mono address">
          {url.replace(/^http:\/\//, '')}
        </a>
      ))}
      {running?.exposedToNetwork ? (
        <span className="badge warn" title="A port is published on every interface (0.0.0.0): other machines on your network can open it too. Edit the component and choose “Loopback only”.">
          {compact ? 'network' : 'reachable from your network'}
        </span>
      ) : null}
      {running?.proxied ? (
        <span className="badge good" title="Served through the app's proxy: the next deploy switches to the new container only once it is healthy, without dropping a request.">
          zero-downtime
        </span>
      ) : running?.directReason ? (
        <>
          <span className="badge" title={`Automatic zero-downtime was not possible: ${running.directReason}. Deploys stop the old container before starting the new one.`}>
            {compact ? 'direct' : 'no zero-downtime'}
          </span>
          {compact ? null : <span className="hint direct-reason">{running.directReason}</span>}
        </>
      ) : null}
    </span>
  );
}
