export interface FlatUnit {
  id: string;
  name: string;
  code: string;
  level: string;
  parentId?: string | null;
  status?: string;
}

export interface OrgTreeNode<T extends FlatUnit = FlatUnit> {
  key: string;
  value: string;
  title: string;
  unit: T;
  children: OrgTreeNode<T>[];
  [extra: string]: unknown;
}

/** The flat `orgUnits` list (the caller's subtree) as a tree; roots are units whose parent is not in the list. */
export function buildOrgTree<T extends FlatUnit>(units: readonly T[], extra?: (unit: T) => Record<string, unknown>): OrgTreeNode<T>[] {
  const nodes = new Map<string, OrgTreeNode<T>>();
  for (const unit of units) {
    nodes.set(unit.id, { key: unit.id, value: unit.id, title: unit.name, unit, children: [], ...(extra?.(unit) ?? {}) });
  }
  const roots: OrgTreeNode<T>[] = [];
  for (const unit of units) {
    const node = nodes.get(unit.id)!;
    const parent = unit.parentId ? nodes.get(unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: OrgTreeNode<T>[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
