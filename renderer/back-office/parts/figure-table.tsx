import type { ReactNode } from 'react';

export interface Column {
  readonly label: string;
  /** Right-aligned with tabular digits, so amounts line up. */
  readonly numeric?: boolean;
}

export interface Row {
  readonly key: string;
  readonly cells: readonly ReactNode[];
}

/** A table of named figures: a header row of columns, one row per entry. */
export function FigureTable({
  columns,
  rows,
}: {
  columns: readonly Column[];
  rows: readonly Row[];
}) {
  return (
    <table>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={c.numeric ? 'num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            {row.cells.map((cell, i) => (
              <td key={columns[i]?.label ?? i} className={columns[i]?.numeric ? 'num' : undefined}>
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A titled panel: its entries, or a line saying there are none. */
export function Panel({
  title,
  empty,
  children,
}: {
  title: string;
  /** Shown instead of the children when set: what "nothing here" means on this panel. */
  empty?: string | false;
  children: ReactNode;
}) {
  const id = `panel-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty ? <p className="muted">{empty}</p> : children}
    </section>
  );
}

/** A failed request, said where the screen's content would be. */
export function QueryError({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error.message}
    </p>
  );
}
