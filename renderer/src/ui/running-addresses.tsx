/**
 * Where the running app answers: each published address as a link, and a warning when a port
 * is published on every interface (others on the network can reach it, not only this machine).
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
    </span>
  );
}
