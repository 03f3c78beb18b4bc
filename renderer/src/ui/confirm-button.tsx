/** A button that asks "are you sure?" inline (no modal), for destructive or disruptive actions. */
import { useState } from 'react';
import type { ReactNode } from 'react';

export function ConfirmButton({
  label,
  question,
  confirmLabel = 'Yes',
  onConfirm,
  disabled,
  danger,
  small,
}: {
  label: string;
  question: ReactNode;
  confirmLabel?: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  small?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className={[danger ? 'danger' : '', small ? 'small' : ''].join(' ').trim() || undefined} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span>{question}</span>
      <button
        type="button"
        className={danger ? 'danger' : 'primary'}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
