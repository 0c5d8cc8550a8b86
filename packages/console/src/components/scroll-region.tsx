import type { ReactNode } from 'react';

/**
 * A wide table's own sideways scroll (.table-scroll), reachable by keyboard: on a phone the table scrolls inside
 * it rather than widening the page, and a keyboard user can focus it and scroll with the arrow keys.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (WCAG 2.1.1)
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
