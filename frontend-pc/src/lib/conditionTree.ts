// The rule editor's condition builder (a CONDITIONAL_REQUIRED rule's `if`, a rule's `segment`):
// the API's condition JSON <-> a tree of groups and field conditions, exactly. The API's format
// (backend/rules/compiler.py, condition_sql) is a field condition `{"field", "op", "value"}`
// (`op` EQ NE GT GE LT LE IN PRESENT ABSENT, EQ when left out; no `value` for PRESENT/ABSENT; a
// list for IN) or a group `{"all": [...]}` / `{"any": [...]}` of conditions, nested to any
// depth. Whatever the tree cannot hold exactly (another key, a value that is an object, an
// empty group) makes the condition not editable in the builder: the editor's "高级 (JSON)" mode
// keeps it. Which operators and value inputs a field offers come from the segment builder's
// helpers (lib/segments.ts), which speak the same format. Tested in conditionTree.test.ts.
import type { Translate } from '../i18n';
import { SEGMENT_OPS, describeCondition, type FieldIndex, type RowValue, type Scalar } from './segments';

export type Combinator = 'all' | 'any';

export interface LeafNode {
  type: 'leaf';
  key: string;
  field?: string;
  op: string;
  value?: RowValue;
  /** The stored condition left `op` out (EQ): kept out while the operator stays EQ. */
  implicitOp?: boolean;
}

export interface GroupNode {
  type: 'group';
  key: string;
  combinator: Combinator;
  children: ConditionNode[];
  /** The root stands for a single field condition (not wrapped in a group) while it has one child. */
  bare?: boolean;
}

export type ConditionNode = LeafNode | GroupNode;

/** How deep groups may be added in the builder (the root is depth 0): a group inside the root. */
export const MAX_DEPTH = 1;

let keys = 0;
const nextKey = () => `cond-${++keys}`;
export const emptyLeaf = (): LeafNode => ({ type: 'leaf', key: nextKey(), op: 'EQ' });
export const emptyGroup = (combinator: Combinator = 'all'): GroupNode => ({ type: 'group', key: nextKey(), combinator, children: [emptyLeaf()] });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const OPS = new Set<string>(SEGMENT_OPS);
const NO_VALUE = new Set(['PRESENT', 'ABSENT']);

/** A stored condition as a tree, or null when the builder cannot hold it exactly. */
function toNode(condition: unknown): ConditionNode | null {
  if (!isObject(condition)) return null;
  const keysOf = Object.keys(condition);
  for (const combinator of ['all', 'any'] as const) {
    if (combinator in condition) {
      const parts = condition[combinator];
      if (keysOf.length !== 1 || !Array.isArray(parts) || parts.length === 0) return null;
      const children = parts.map(toNode);
      if (children.some((c) => c === null)) return null;
      return { type: 'group', key: nextKey(), combinator, children: children as ConditionNode[] };
    }
  }
  if (typeof condition.field !== 'string' || keysOf.some((k) => !['field', 'op', 'value'].includes(k))) return null;
  const op = condition.op === undefined ? 'EQ' : condition.op;
  if (typeof op !== 'string' || !OPS.has(op)) return null;
  const leaf: LeafNode = { type: 'leaf', key: nextKey(), field: condition.field, op };
  if (condition.op === undefined) leaf.implicitOp = true;
  if ('value' in condition) {
    const value = condition.value;
    if (NO_VALUE.has(op)) return null; // a value the builder would not show: keep it in JSON
    if (op === 'IN' ? !Array.isArray(value) || !value.every(isScalar) : !isScalar(value) && value !== null) return null;
    leaf.value = value as RowValue;
  } else if (!NO_VALUE.has(op)) {
    return null;
  }
  return leaf;
}

/**
 * A stored condition (`null`/`undefined`: none yet) as the builder's root group. `editable` is
 * false when the builder cannot hold it exactly; the root then is an empty group and the editor
 * shows the JSON instead.
 */
export function conditionToTree(condition: unknown): { root: GroupNode; editable: boolean } {
  if (condition === null || condition === undefined) return { root: { ...emptyGroup(), bare: true }, editable: true };
  const node = toNode(condition);
  if (node === null) return { root: { type: 'group', key: nextKey(), combinator: 'all', children: [] }, editable: false };
  if (node.type === 'leaf') return { root: { type: 'group', key: nextKey(), combinator: 'all', children: [node], bare: true }, editable: true };
  return { root: node, editable: true };
}

// Values go as the inputs hold them (numbers from number inputs, texts, dates as YYYY-MM-DD,
// booleans): the API types them by the field (a number typed as text is accepted), so a stored
// condition comes back unchanged.
function leafToCondition(leaf: LeafNode): Record<string, unknown> {
  const out: Record<string, unknown> = { field: leaf.field ?? '' };
  if (!(leaf.implicitOp && leaf.op === 'EQ')) out.op = leaf.op;
  if (NO_VALUE.has(leaf.op)) return out;
  if (leaf.op === 'IN') {
    const list = Array.isArray(leaf.value) ? leaf.value : leaf.value === undefined || leaf.value === null || leaf.value === '' ? [] : [leaf.value];
    out.value = list;
  } else {
    const single = Array.isArray(leaf.value) ? leaf.value[0] : leaf.value;
    out.value = single === undefined ? null : single;
  }
  return out;
}

/** The tree as the API's condition (the exact JSON it was read from, when nothing changed). */
export function treeToCondition(node: ConditionNode): unknown {
  if (node.type === 'leaf') return leafToCondition(node);
  if (node.bare && node.children.length === 1 && node.children[0].type === 'leaf') return leafToCondition(node.children[0]);
  return { [node.combinator]: node.children.map((c) => treeToCondition(c)) };
}

/** The field conditions of a tree, each with its path of indexes from the root. */
export function leaves(node: ConditionNode, path: number[] = []): { leaf: LeafNode; path: number[] }[] {
  if (node.type === 'leaf') return [{ leaf: node, path }];
  return node.children.flatMap((c, i) => leaves(c, [...path, i]));
}

/** What the builder can tell before asking the API: a condition without a field or a value, an empty group. */
export function treeProblems(root: GroupNode): string[] {
  const problems: string[] = [];
  const walk = (node: ConditionNode) => {
    if (node.type === 'group') {
      if (node.children.length === 0) problems.push('emptyGroup');
      node.children.forEach(walk);
      return;
    }
    if (!node.field) problems.push('field');
    else if (!NO_VALUE.has(node.op)) {
      const v = node.value;
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0)) problems.push('value');
    }
  };
  walk(root);
  return problems;
}

/** Replace the node at `path` (indexes from the root) with `replacement` (null: remove it). */
export function updateAt(root: GroupNode, path: number[], replacement: ConditionNode | null): GroupNode {
  if (path.length === 0) return replacement && replacement.type === 'group' ? replacement : root;
  const [head, ...rest] = path;
  const children = [...root.children];
  if (rest.length === 0) {
    if (replacement === null) children.splice(head, 1);
    else children[head] = replacement;
  } else {
    const child = children[head];
    if (child.type !== 'group') return root;
    children[head] = updateAt(child, rest, replacement);
  }
  return { ...root, children };
}

/** The condition in words ("婚姻状况 等于 已婚 且 （年龄 大于等于 60 或 …）"), for tables and summaries. */
export function conditionText(condition: unknown, fields: FieldIndex, t: Translate): string {
  return describeCondition(condition, fields, t);
}
