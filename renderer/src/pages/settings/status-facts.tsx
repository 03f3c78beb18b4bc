/** Engine facts: container engine (Docker or Podman), listener, catch-up, secrets backend, data folder, version. */
import type { CatchUpStatus } from '../../../../shared/schemas/catch-up';
import type { DockerStatus, Status } from '../../../../shared/schemas/status';
import { TimeAgo } from '../../ui/time-ago';
import { checkInterval } from '../../lib/check-labels';

/** "Podman Engine 4.3.1", "Docker Engine 20.10.24"; plain "Docker <version>" from an engine that does not say. */
export function engineLabel(d: DockerStatus): string {
  if (!d.version) return d.engine ?? '';
  return `${d.engine ?? 'Docker'} ${d.version}`;
}

export function StatusFacts({ status: s }: { status: Status }) {
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">Status</h2>
      <dl className="facts">
        <div>
          <dt>Container engine</dt>
          <dd>
            {s.docker.ok ? (
              <>
                <span className="badge good">reachable</span> {engineLabel(s.docker)}
                {s.docker.apiVersion ? ` (API ${s.docker.apiVersion})` : ''}
                {s.docker.swarm ? ' · Swarm active' : ''}
              </>
            ) : (
              <>
                <span className="badge bad">unreachable</span> {s.docker.error}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Webhook listener</dt>
          <dd>
            <code>{s.listenerUrl}</code>
          </dd>
        </div>
        {s.catchUp ? (
          <div>
            <dt>Catch-up</dt>
            <dd>
              <CatchUpFact loop={s.catchUp} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Running jobs</dt>
          <dd>{s.runningJobs.length === 0 ? 'none' : s.runningJobs.map((j) => `${j.componentName} (${j.state})`).join(', ')}</dd>
        </div>
        <div>
          <dt>Secrets</dt>
          <dd>{s.secretsBackend === 'safeStorage' ? 'OS keychain' : 'key file in the data folder'}</dd>
        </div>
        <div>
          <dt>Data folder</dt>
          <dd>
            <code>{s.dataDir}</code>
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {s.version}
            {s.mode === 'headless' ? ' · headless (serve)' : s.mode === 'desktop' ? ' · desktop app' : ''}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** "last check 3 min ago · every 5 min", and how many components' last check failed. */
function CatchUpFact({ loop }: { loop: CatchUpStatus }) {
  return (
    <>
      {loop.lastCheckAt ? (
        <>
          last check <TimeAgo iso={loop.lastCheckAt} />
        </>
      ) : (
        'no check yet'
      )}{' '}
      · {checkInterval(loop.intervalSeconds)}
      {loop.failing ? (
        <span className="bad-text">
          {' '}
          · {loop.failing} {loop.failing === 1 ? 'component' : 'components'} failing
        </span>
      ) : null}
    </>
  );
}
