/** A write-only secret: hidden until asked for, copyable, regenerable (which breaks the old one). */
import { useState } from 'react';
import type { SecretKind } from '../../../../shared/api';
import { useClient } from '../../api/client-context';
import { ConfirmButton } from '../../ui/confirm-button';
import { CopyButton } from '../../ui/copy-button';
import { ErrorBox } from '../../ui/error-box';

export function SecretField({
  componentId,
  kind,
  label,
  isSet,
  onValue,
  regenerateWarning,
}: {
  componentId: string;
  kind: SecretKind;
  label: string;
  isSet: boolean;
  /** Told the revealed (or new) value, e.g. for a curl example. */
  onValue?: (value: string | undefined) => void;
  regenerateWarning: string;
}) {
  const client = useClient();
  const [value, setValue] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const id = `secret-${componentId}-${kind}`;

  const show = (next: string | undefined) => {
    setValue(next);
    onValue?.(next);
  };
  const run = async (fn: () => Promise<{ value: string }>) => {
    setBusy(true);
    setError(undefined);
    try {
      show((await fn()).value);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="secret-field">
      <label htmlFor={id}>{label}</label>
      <div className="with-button">
        <input
          id={id}
          className="mono"
          readOnly
          value={value ?? (isSet ? '••••••••••••••••' : 'not set')}
          aria-describedby={value ? undefined : `${id}-hidden`}
        />
        {value ? (
          <>
            <CopyButton value={value} what={label} />
            <button type="button" className="small" onClick={() => show(undefined)}>
              Hide
            </button>
          </>
        ) : isSet ? (
          <button type="button" className="small" disabled={busy} onClick={() => void run(() => client.revealSecret(componentId, kind))}>
            Reveal
          </button>
        ) : null}
        <ConfirmButton
          label={isSet ? 'Regenerate' : 'Generate'}
          question={isSet ? regenerateWarning : 'Generate one now?'}
          confirmLabel={isSet ? 'Regenerate' : 'Generate'}
          disabled={busy}
          small
          onConfirm={() => void run(() => client.regenerateSecret(componentId, kind))}
        />
      </div>
      {value ? null : (
        <span id={`${id}-hidden`} className="visually-hidden">
          hidden
        </span>
      )}
      <ErrorBox error={error} title={`Could not get the ${label.toLowerCase()}`} />
    </div>
  );
}
