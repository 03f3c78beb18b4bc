/** A horizontally scrolling table with one header row. */
import type { ReactNode } from 'react';

/** A heading, or `{ hidden }` for a column only screen readers name, or `false` for a column not shown. */
export type Column = string | { hidden: string } | false;

export function Table({ className, columns, children }: { className: string; columns: readonly Column[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {columns.map((c) =>
              c === false ? null : typeof c === 'string' ? (
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
