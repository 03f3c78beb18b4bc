/** Editable lists for the form: plain rows (ports, volumes) and name=value rows (env, build args). */
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { FieldErrors } from '../../lib/field-issues';
import { fieldId } from '../../ui/field';
import { rowKey } from './draft';
import type { EnvRow, ListRow } from './draft';

/** One row's controls, the id its error hangs on, and that error. */
interface RowView {
  id: string;
  error?: string;
  controls: ReactNode;
}

/** What both editors are told by the form. */
interface EditorProps<R> {
  /** The field path of the list (`deploy.ports`), for ids and error lookup. */
  path: string;
  label: string;
  itemLabel: string;
  rows: R[];
  errors: FieldErrors;
  onChange: (rows: R[]) => void;
  hint?: string;
}

/** What both editors share: legend, hint, each row with its Remove button and error, and Add. */
function RowList<R extends { key: number }>({
  label,
  hint,
  itemLabel,
  rows,
  onChange,
  blank,
  rowClass,
  renderRow,
}: Omit<EditorProps<R>, 'path' | 'errors'> & {
  blank: () => R;
  rowClass: string;
  renderRow: (row: R, i: number) => RowView;
}) {
  return (
    <fieldset className="rows">
      <legend>{label}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {rows.map((row, i) => {
        const { id, error, controls } = renderRow(row, i);
        return (
          <div className={rowClass} key={row.key}>
            {controls}
            <button type="button" className="small" aria-label={`Remove ${itemLabel.toLowerCase()} ${i + 1}`} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
              Remove
            </button>
            {error ? (
              <div className="field-error" id={`${id}-error`}>
                {error}
              </div>
            ) : null}
          </div>
        );
      })}
      <button type="button" className="small" onClick={() => onChange([...rows, blank()])}>
        Add {itemLabel.toLowerCase()}
      </button>
    </fieldset>
  );
}

/** A one-click fix offered beside a row (ports: "Loopback only"), or undefined when it does not apply. */
export type RowFix = (value: string) => { label: string; title: string; apply: () => string } | undefined;

export function ListEditor({ path, errors, placeholder, rowFix, ...list }: EditorProps<ListRow> & { placeholder: string; rowFix?: RowFix }) {
  const { itemLabel, rows, onChange } = list;
  // Blank rows are not sent, so the schema's index counts only the filled ones.
  let sentIndex = 0;
  return (
    <RowList
      {...list}
      blank={() => ({ key: rowKey(), value: '' })}
      rowClass={rowFix ? 'row with-fix' : 'row'}
      renderRow={(row, i) => {
        const error = row.value.trim() === '' ? undefined : errors[`${path}.${sentIndex++}`];
        const id = fieldId(`${path}.row${row.key}`);
        const fix = row.value.trim() && !error ? rowFix?.(row.value) : undefined;
        const controls = (
          <>
            <label htmlFor={id} className="visually-hidden">
              {itemLabel} {i + 1}
            </label>
            <input
              id={id}
              value={row.value}
              placeholder={placeholder}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => onChange(rows.map((r) => (r.key === row.key ? { ...r, value: e.target.value } : r)))}
            />
            {fix ? (
              <button
                type="button"
                className="small"
                title={fix.title}
                aria-label={`${fix.label}: ${itemLabel.toLowerCase()} ${i + 1}`}
                onClick={() => onChange(rows.map((r) => (r.key === row.key ? { ...r, value: fix.apply() } : r)))}
              >
                {fix.label}
              </button>
            ) : (
              <span />
            )}
          </>
        );
        return { id, error, controls };
      }}
    />
  );
}

export function KeyValueEditor({ path, errors, allowSecret, ...list }: EditorProps<EnvRow> & { allowSecret?: boolean }) {
  const { itemLabel, rows, onChange } = list;
  const [shown, setShown] = useState<ReadonlySet<number>>(new Set());
  const update = (key: number, patch: Partial<EnvRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <RowList
      {...list}
      blank={() => ({ key: rowKey(), name: '', value: '', secret: false })}
      rowClass="row kv"
      renderRow={(row, i) => {
        const error = errors[`${path}.${row.name.trim()}`];
        const id = fieldId(`${path}.row${row.key}`);
        const masked = allowSecret && row.secret && !shown.has(row.key);
        const controls = (
          <>
            <label htmlFor={`${id}-name`} className="visually-hidden">
              {itemLabel} {i + 1} name
            </label>
            <input
              id={`${id}-name`}
              className="mono"
              value={row.name}
              placeholder="NAME"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              onChange={(e) => update(row.key, { name: e.target.value })}
            />
            <label htmlFor={`${id}-value`} className="visually-hidden">
              {itemLabel} {i + 1} value
            </label>
            <input
              id={`${id}-value`}
              type={masked ? 'password' : 'text'}
              autoComplete="off"
              value={row.value}
              placeholder="value"
              spellCheck={false}
              onChange={(e) => update(row.key, { value: e.target.value })}
            />
            {allowSecret ? (
              <>
                <label className="inline">
                  <input type="checkbox" checked={row.secret} onChange={(e) => update(row.key, { secret: e.target.checked })} />
                  Secret
                </label>
                {row.secret ? (
                  <button
                    type="button"
                    className="small"
                    aria-pressed={!masked}
                    aria-label={`${masked ? 'Show' : 'Hide'} value of ${row.name || `${itemLabel.toLowerCase()} ${i + 1}`}`}
                    onClick={() =>
                      setShown((s) => {
                        const next = new Set(s);
                        if (next.has(row.key)) next.delete(row.key);
                        else next.add(row.key);
                        return next;
                      })
                    }
                  >
                    {masked ? 'Show' : 'Hide'}
                  </button>
                ) : null}
              </>
            ) : null}
          </>
        );
        return { id, error, controls };
      }}
    />
  );
}
