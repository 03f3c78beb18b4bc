/**
 * A table with one header row. On narrow screens (styles.css) it becomes stacked rows, each
 * cell labelled with its column's name: the labels are copied from the header into
 * `data-label` so pages write plain rows.
 */
import { useLayoutEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/** A heading, or `{ hidden }` for a column only screen readers name, or `false` for a column not shown. */
export type Column = string | { hidden: string } | false;

export function Table({ className, columns, children }: { className: string; columns: readonly Column[]; children: ReactNode }) {
  const ref = useRef<HTMLTableElement>(null);
  const shown = columns.filter((c) => c !== false);
  useLayoutEffect(() => {
    for (const row of ref.current?.tBodies[0]?.rows ?? []) {
      Array.from(row.cells).forEach((cell, i) => {
        const c = shown[i];
        if (typeof c === 'string') cell.setAttribute('data-label', c);
        else cell.removeAttribute('data-label');
      });
    }
  });
  return (
    <div className="table-wrap">
      <table className={`${className} stacking`} ref={ref}>
        <thead>
          <tr>
            {shown.map((c) =>
              typeof c === 'string' ? (
                <th scope="col" key={c}>
                  {c}
                </th>
              ) : (
                <th scope="col" key={c.hidden}>
                  <span className="visually-hidden">{c.hidden}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
