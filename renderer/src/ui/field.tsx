/** Labelled inputs that show their hint and validation message next to them. */
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

interface FieldChrome {
  id: string;
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
}

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** The attributes that tie a control to its label, hint and error. */
function controlProps(id: string, error?: string, hint?: ReactNode) {
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy(id, error, hint) } as const;
}

function Messages({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </>
  );
}

/** Label above the control, messages below it. */
function Field({ id, label, error, hint, children }: FieldChrome & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

/** A control's own attributes less those the field sets, plus a controlled value of type V. */
type ControlProps<Attrs, V> = FieldChrome &
  Omit<Attrs, 'id' | 'onChange' | 'value'> & {
    value: V;
    onChange: (value: V) => void;
  };

export function TextField({ id, label, error, hint, value, onChange, ...rest }: ControlProps<InputHTMLAttributes<HTMLInputElement>, string>) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input value={value} onChange={(e) => onChange(e.target.value)} {...controlProps(id, error, hint)} {...rest} />
    </Field>
  );
}

export function TextArea({ id, label, error, hint, value, onChange, ...rest }: ControlProps<TextareaHTMLAttributes<HTMLTextAreaElement>, string>) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <textarea value={value} onChange={(e) => onChange(e.target.value)} {...controlProps(id, error, hint)} {...rest} />
    </Field>
  );
}

type SelectFieldProps<T extends string> = ControlProps<SelectHTMLAttributes<HTMLSelectElement>, T> & {
  options: readonly { value: T; label: string }[];
};

export function SelectField<T extends string>({ id, label, error, hint, value, options, onChange, ...rest }: SelectFieldProps<T>) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} {...controlProps(id, error, hint)} {...rest}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

type CheckboxProps = Omit<FieldChrome, 'error'> &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'checked' | 'type'> & {
    checked: boolean;
    onChange: (checked: boolean) => void;
    error?: string;
  };

export function CheckboxField({ id, label, hint, error, checked, onChange, ...rest }: CheckboxProps) {
  return (
    <div className="field checkbox">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={describedBy(id, error, hint)}
        {...rest}
      />
      <label htmlFor={id}>{label}</label>
      <Messages id={id} error={error} hint={hint} />
    </div>
  );
}

/** Turns a field path into a DOM id: `deploy.ports.0` → `f-deploy-ports-0`. */
export const fieldId = (path: string): string => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
