/**
 * "Roll back", asking with the version it puts back and when that was deployed:
 * "Roll back to :v1.0 (deployed 2 h ago)?". The target is the engine's own rule — the newest
 * successful deploy of a different image than the running one — and is sent explicitly.
 */
import { formatAge } from '../../../../shared/deploy-text';
import type { Component } from '../../../../shared/schemas/component';
import type { Deploy } from '../../../../shared/schemas/deploy';
import { useNow } from '../../hooks/use-now';
import { deployVersion } from '../../lib/format';
import { ConfirmButton } from '../../ui/confirm-button';

export function rollbackTarget(c: Component, deploys: readonly Deploy[]): Deploy | undefined {
  return deploys.find((d) => d.state === 'succeeded' && !!d.result?.imageId && !d.result.upToDate && d.result.imageId !== c.running?.imageId);
}

export function RollbackButton({ component: c, deploys, onConfirm }: { component: Component; deploys: readonly Deploy[]; onConfirm: (deployId: string) => void }) {
  const now = useNow(false);
  const target = rollbackTarget(c, deploys);
  const version = target ? deployVersion(target) || target.id : '';
  const when = target ? formatAge(target.finishedAt ?? target.createdAt, now) : '';
  return (
    <ConfirmButton
      label={target ? `Roll back to ${version}` : 'Roll back'}
      question={target ? `Roll back to ${version} (deployed ${when})? It replaces what runs now.` : ''}
      confirmLabel="Roll back"
      disabled={!target}
      onConfirm={() => target && onConfirm(target.id)}
    />
  );
}
