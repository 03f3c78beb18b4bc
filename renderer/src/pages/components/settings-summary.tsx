/** The component's deploy settings, read-only, with secret env values masked. */
import type { Component } from '../../../../shared/schemas/component';
import { routes } from '../../hooks/use-route';
import { joinWords } from '../../lib/shell-words';

export function SettingsSummary({ component: c }: { component: Component }) {
  const d = c.deploy;
  const secret = new Set(d.secretEnv);
  const env = Object.entries(d.env);
  return (
    <section className="card" aria-labelledby="settings-summary-title">
      <div className="section-head">
        <h2 id="settings-summary-title">Deploy settings</h2>
        <a href={routes.editComponent(c.id)}>Edit</a>
      </div>
      <dl className="facts">
        <div>
          <dt>Ports</dt>
          <dd className="mono">{d.ports.length ? d.ports.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>Volumes</dt>
          <dd className="mono">{d.volumes.length ? d.volumes.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>Restart</dt>
          <dd>{d.restart}</dd>
        </div>
        <div>
          <dt>Command</dt>
          <dd className="mono">{d.command?.length ? joinWords(d.command) : "image's default"}</dd>
        </div>
        <div>
          <dt>Health</dt>
          <dd>
            healthy within {d.healthcheck.timeoutSeconds}s
            {d.healthcheck.http ? `, HTTP ${d.healthcheck.http.url} → ${d.healthcheck.http.expectStatus}` : ''}
          </dd>
        </div>
        <div>
          <dt>Environment</dt>
          <dd>
            {env.length === 0 ? (
              '—'
            ) : (
              <ul className="env-list mono">
                {env.map(([name, value]) => (
                  <li key={name}>
                    {name}={secret.has(name) ? <span aria-label="hidden value">••••••</span> : value}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}
