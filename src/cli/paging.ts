import type { PageQuery } from '../ports/tenant-repository.ts';

const PAGE_SIZE = 500;

/** Every item of a keyset-paged list: the CLI prints whole lists. */
export async function allPages<T>(
  fetch: (query: PageQuery) => Promise<T[]>,
  idOf: (item: T) => string,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetch(after === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, after });
    items.push(...page);
    const last = page.at(-1);
    if (page.length < PAGE_SIZE || last === undefined) return items;
    after = idOf(last);
  }
}
