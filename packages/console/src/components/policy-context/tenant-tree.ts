interface TenantLike {
  id: string;
  parentId: string | null;
  name: string;
}

export interface TenantOption {
  id: string;
  /** "Acme (acme)", indented by its depth with non-breaking spaces, which screen readers do not read. */
  text: string;
}

/**
 * Tenants in tree order (each after its parent, siblings by name) with their depth. A tenant whose parent is not
 * visible (a tenant administrator's own tenant) is a root.
 */
export function tenantTree<T extends TenantLike>(tenants: readonly T[]): { tenant: T; depth: number }[] {
  const ids = new Set(tenants.map((t) => t.id));
  const children = new Map<string | null, T[]>();
  for (const tenant of tenants) {
    const parent = tenant.parentId !== null && ids.has(tenant.parentId) ? tenant.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), tenant]);
  }
  const rows: { tenant: T; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    const siblings = [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const tenant of siblings) {
      rows.push({ tenant, depth });
      visit(tenant.id, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** The tree as a select's options, so that a select shows the hierarchy. */
export const tenantTreeOptions = (tenants: readonly TenantLike[]): TenantOption[] =>
  tenantTree(tenants).map(({ tenant, depth }) => ({
    id: tenant.id,
    text: `${'\u00a0\u00a0\u00a0'.repeat(depth)}${nameAndId(tenant)}`,
  }));

export const nameAndId = ({ id, name }: { id: string; name: string }): string =>
  name === id || name === '' ? id : `${name} (${id})`;
