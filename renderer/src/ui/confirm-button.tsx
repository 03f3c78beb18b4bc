/**
 * A button that asks "are you sure?" inline (no modal), for destructive or disruptive actions.
 * Escape or Cancel takes the question back and puts focus on the button again.
 */
import { useEffect, useRef, useState } from 'react';
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
  const button = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (asking || !refocus.current) return;
    refocus.current = false;
    button.current?.focus();
  }, [asking]);
  const cancel = () => {
    refocus.current = true;
    setAsking(false);
  };
  if (!asking)
    return (
      <button
        type="button"
        ref={button}
        className={[danger ? 'danger' : '', small ? 'small' : ''].join(' ').trim() || undefined}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  return (
    <span
      className="confirm"
      role="group"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') cancel();
      }}
    >
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
      <button type="button" onClick={cancel}>
        Cancel
      </button>
    </span>
  );
}
