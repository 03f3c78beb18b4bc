/** The frame every trigger shares: title, what it is for, its on/off switch, and the save row. */
import type { ReactNode } from 'react';
import type { ComponentPatch, TriggerKind } from '../../../../shared/schemas/component';
import { NotSaved } from '../../ui/error-box';
import { CheckboxField } from '../../ui/field';

interface TriggerCardProps {
  kind: TriggerKind;
  title: string;
  intro: ReactNode;
  enabled: boolean;
  saving: boolean;
  save: (patch: ComponentPatch) => Promise<boolean>;
  children: ReactNode;
}

export function TriggerCard({ kind, title, intro, enabled, saving, save, children }: TriggerCardProps) {
  return (
    <section className="trigger card" aria-labelledby={`${kind}-trigger-title`}>
      <h3 id={`${kind}-trigger-title`}>{title}</h3>
      <p className="hint">{intro}</p>
      <CheckboxField
        id={`${kind}-trigger-enabled`}
        label="Enabled"
        checked={enabled}
        disabled={saving}
        onChange={(on) => void save({ triggers: { [kind]: { enabled: on } } })}
      />
      {children}
    </section>
  );
}

/** Why the last save failed, then the Save button and, once saved, "Saved". */
export function TriggerSaveRow({
  error,
  disabled,
  onSave,
  label = 'Save',
  saved = false,
}: {
  error?: string;
  disabled: boolean;
  onSave: () => void;
  label?: string;
  saved?: boolean;
}) {
  return (
    <>
      <NotSaved reason={error} />
      <div className="form-actions">
        <button type="button" className="primary" disabled={disabled} onClick={onSave}>
          {label}
        </button>
        <span role="status" className="muted">
          {saved ? 'Saved' : ''}
        </span>
      </div>
    </>
  );
}
