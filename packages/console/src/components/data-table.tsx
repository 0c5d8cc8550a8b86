import type { ReactNode } from 'react';
import { ScrollRegion } from './scroll-region.tsx';

/** A data table that scrolls sideways on narrow screens; its caption is for screen readers. */
export function DataTable({
  caption,
  columns,
  withActions = false,
  children,
}: {
  caption: string;
  columns: readonly string[];
  /** A last column of row buttons, its heading for screen readers only. */
  withActions?: boolean;
  children: ReactNode;
}) {
  return (
    <ScrollRegion label={caption}>
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {withActions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollRegion>
  );
}
