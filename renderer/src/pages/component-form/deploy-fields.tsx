/** How the component runs: target, ports, env, volumes, restart, command, health check. */
import { bindsSpecificInterface, loopbackOnly } from '../../../../shared/published-address';
import type { RowFix } from './row-editors';
import type { FieldErrors } from '../../lib/field-issues';
import { CheckboxField, fieldId, SelectField, TextField } from '../../ui/field';
import type { ComponentDraft, RestartPolicy, ZeroDowntimeChoice } from './draft';
import { KeyValueEditor, ListEditor } from './row-editors';

type Props = { draft: ComponentDraft; errors: FieldErrors; set: (patch: Partial<ComponentDraft>) => void };

const ZERO_DOWNTIME: { value: ZeroDowntimeChoice; label: string }[] = [
  { value: 'auto', label: 'Automatic (HTTP ports through the proxy)' },
  { value: 'on', label: 'Always through the proxy (TCP ports taken as HTTP)' },
  { value: 'off', label: 'Never (stop the old container, then start the new one)' },
];
const RESTART: { value: RestartPolicy; label: string }[] = [
  { value: 'unless-stopped', label: 'unless-stopped' },
  { value: 'always', label: 'always' },
  { value: 'on-failure', label: 'on-failure' },
  { value: 'no', label: 'no' },
];

export function DeployFields({ draft, errors, set }: Props) {
  return (
    <>
      <fieldset>
        <legend>Runs as</legend>
        <div className="grid3">
          <SelectField
            id={fieldId('deploy.target')}
            label="Target"
            value={draft.target}
            options={[
              { value: 'container', label: 'Container on this machine' },
              { value: 'swarm', label: 'Docker Swarm service' },
            ]}
            onChange={(target) => set({ target })}
            error={errors['deploy.target']}
          />
          {draft.target === 'swarm' ? (
            <TextField
              id={fieldId('deploy.replicas')}
              label="Replicas"
              inputMode="numeric"
              value={draft.replicas}
              onChange={(replicas) => set({ replicas })}
              error={errors['deploy.replicas']}
            />
          ) : null}
          <SelectField
            id={fieldId('deploy.restart')}
            label="Restart policy"
            value={draft.restart}
            options={RESTART}
            onChange={(restart) => set({ restart })}
            error={errors['deploy.restart']}
          />
        </div>
        {draft.target === 'container' ? (
          <SelectField
            id={fieldId('deploy.zeroDowntime')}
            label="Zero-downtime deploys"
            value={draft.zeroDowntime}
            options={ZERO_DOWNTIME}
            onChange={(zeroDowntime) => set({ zeroDowntime })}
            error={errors['deploy.zeroDowntime']}
            hint="The app's Caddy proxy holds the published ports; the new container takes traffic only once healthy. Automatic uses it when every port has a fixed host port and answers HTTP, else stops the old container first (the deploy log says why)."
          />
        ) : null}
        <TextField
          id={fieldId('deploy.command')}
          label="Command"
          className="mono"
          value={draft.command}
          onChange={(command) => set({ command })}
          error={errors['deploy.command'] ?? firstUnder(errors, 'deploy.command.')}
          placeholder="(the image's default)"
          spellCheck={false}
          hint={'Arguments separated by spaces; quote to group ("sh -c \'…\'").'}
        />
        <TextField
          id={fieldId('deploy.network')}
          label="Network"
          value={draft.network}
          onChange={(network) => set({ network })}
          error={errors['deploy.network']}
          placeholder="(default bridge)"
          spellCheck={false}
        />
      </fieldset>
      <ListEditor
        path="deploy.ports"
        label="Ports"
        itemLabel="Port"
        placeholder="8080:80"
        hint="hostPort:containerPort, 127.0.0.1:8080:80, or containerPort (Docker picks a free host port); add /udp for UDP. Without an address a port is published on every interface: reachable from your network."
        rowFix={loopbackFix}
        rows={draft.ports}
        errors={errors}
        onChange={(ports) => set({ ports })}
      />
      <KeyValueEditor
        path="deploy.env"
        label="Environment variables"
        itemLabel="Variable"
        hint="Mark a variable secret to hide its value on screen."
        allowSecret
        rows={draft.env}
        errors={errors}
        onChange={(env) => set({ env })}
      />
      <ListEditor
        path="deploy.volumes"
        label="Volumes"
        itemLabel="Volume"
        placeholder="app-data:/var/lib/app"
        hint="hostPath-or-volume:/container/path, optionally :ro"
        rows={draft.volumes}
        errors={errors}
        onChange={(volumes) => set({ volumes })}
      />
      <fieldset>
        <legend>Health check</legend>
        <p className="hint">
          The old container keeps running until the new one is healthy; if it is not healthy in time, the old one is
          put back.
        </p>
        <div className="grid2">
          <TextField
            id={fieldId('deploy.healthcheck.timeoutSeconds')}
            label="Wait up to (seconds)"
            inputMode="numeric"
            value={draft.healthTimeout}
            onChange={(healthTimeout) => set({ healthTimeout })}
            error={errors['deploy.healthcheck.timeoutSeconds']}
          />
          <TextField
            id={fieldId('deploy.healthcheck.stableSeconds')}
            label="Must keep running for (seconds)"
            inputMode="decimal"
            value={draft.stableSeconds}
            onChange={(stableSeconds) => set({ stableSeconds })}
            error={errors['deploy.healthcheck.stableSeconds']}
            hint="Used when the image has no HEALTHCHECK."
          />
        </div>
        <CheckboxField id={fieldId('deploy.healthcheck.http')} label="Also probe over HTTP" checked={draft.probe} onChange={(probe) => set({ probe })} />
        {draft.probe ? (
          <div className="grid3">
            <TextField
              id={fieldId('deploy.healthcheck.http.url')}
              label="Probe path or URL"
              value={draft.probeUrl}
              onChange={(probeUrl) => set({ probeUrl })}
              error={errors['deploy.healthcheck.http.url']}
              hint="A path on the first published port, or a full http:// URL."
              spellCheck={false}
            />
            <TextField
              id={fieldId('deploy.healthcheck.http.expectStatus')}
              label="Expected status"
              inputMode="numeric"
              value={draft.probeStatus}
              onChange={(probeStatus) => set({ probeStatus })}
              error={errors['deploy.healthcheck.http.expectStatus']}
            />
            <TextField
              id={fieldId('deploy.healthcheck.http.timeoutSeconds')}
              label="Probe timeout (seconds)"
              inputMode="numeric"
              value={draft.probeTimeout}
              onChange={(probeTimeout) => set({ probeTimeout })}
              error={errors['deploy.healthcheck.http.timeoutSeconds']}
            />
          </div>
        ) : null}
      </fieldset>
      <details className="advanced" open={errors['deploy.keepImages'] || errors['deploy.adoptContainer'] ? true : undefined}>
        <summary>Advanced</summary>
        <div className="grid2">
          <TextField
            id={fieldId('deploy.keepImages')}
            label="Images kept for rollback"
            inputMode="numeric"
            value={draft.keepImages}
            onChange={(keepImages) => set({ keepImages })}
            error={errors['deploy.keepImages']}
          />
          <TextField
            id={fieldId('deploy.adoptContainer')}
            label="Adopt existing container (name)"
            value={draft.adoptContainer}
            onChange={(adoptContainer) => set({ adoptContainer })}
            error={errors['deploy.adoptContainer']}
            hint="Replace a container this app did not create, on the first deploy."
          />
        </div>
      </details>
    </>
  );
}

function firstUnder(errors: FieldErrors, prefix: string): string | undefined {
  const key = Object.keys(errors).find((k) => k.startsWith(prefix));
  return key ? errors[key] : undefined;
}

/** Ports published on every interface get a one-click "Loopback only" (127.0.0.1). */
const loopbackFix: RowFix = (value) =>
  bindsSpecificInterface(value) || value.trim().endsWith('/udp')
    ? undefined
    : { label: 'Loopback only', title: 'Publish on 127.0.0.1 only: this machine can open it, the network cannot', apply: () => loopbackOnly(value) };
