import { describe, expect, it } from 'vitest';
import { conditionToTree, emptyGroup, emptyLeaf, treeProblems, treeToCondition, updateAt, type GroupNode, type LeafNode } from './conditionTree';

const roundTrip = (condition: unknown) => {
  const { root, editable } = conditionToTree(condition);
  expect(editable, JSON.stringify(condition)).toBe(true);
  return treeToCondition(root);
};

describe('the condition builder round trip', () => {
  // Every operator the API accepts, with the value each takes (backend/rules/compiler.py).
  const leaves: [string, Record<string, unknown>][] = [
    ['EQ (enum)', { field: 'customer.maritalStatus', op: 'EQ', value: 'MARRIED' }],
    ['NE (text)', { field: 'customer.ethnicity', op: 'NE', value: '汉族' }],
    ['GT (number)', { field: 'income.total', op: 'GT', value: 50000 }],
    ['GE (number)', { field: 'customer.age', op: 'GE', value: 60 }],
    ['LT (count)', { field: 'familyMembers', op: 'LT', value: 2 }],
    ['LE (date)', { field: 'customer.idExpiry', op: 'LE', value: '2027-12-31' }],
    ['IN (enum list)', { field: 'customer.education', op: 'IN', value: ['NONE', 'PRIMARY'] }],
    ['IN (numbers)', { field: 'household.size', op: 'IN', value: [1, 2, 3] }],
    ['PRESENT', { field: 'business', op: 'PRESENT' }],
    ['ABSENT', { field: 'customer.altPhone', op: 'ABSENT' }],
    ['EQ (boolean)', { field: 'liabilities.overdue', op: 'EQ', value: true }],
    ['EQ left out', { field: 'customer.gender', value: 'FEMALE' }],
    ['a number typed as text', { field: 'customer.age', op: 'GE', value: '60' }],
  ];

  it.each(leaves)('keeps a single field condition (%s) exactly, not wrapped in a group', (_, leaf) => {
    expect(roundTrip(leaf)).toEqual(leaf);
  });

  it('keeps groups of every operator, AND and OR, nested', () => {
    const condition = {
      all: [
        leaves[0][1],
        { any: leaves.slice(1, 7).map(([, l]) => l) },
        { all: [leaves[7][1], leaves[8][1]] },
        leaves[9][1],
        { any: [leaves[10][1], { all: [leaves[11][1]] }] },
      ],
    };
    expect(roundTrip(condition)).toEqual(condition);
    expect(roundTrip({ any: [leaves[0][1]] })).toEqual({ any: [leaves[0][1]] }); // a group of one stays a group
  });

  it('gives the builder a root group of AND or OR with the field conditions as rows', () => {
    const { root } = conditionToTree({ any: [leaves[2][1], { all: [leaves[3][1], leaves[8][1]] }] });
    expect(root.combinator).toBe('any');
    expect(root.children.map((c) => c.type)).toEqual(['leaf', 'group']);
    const nested = root.children[1] as GroupNode;
    expect(nested.combinator).toBe('all');
    expect((nested.children[1] as LeafNode).op).toBe('PRESENT');
    expect((root.children[0] as LeafNode).value).toBe(50000);
  });

  it('leaves to the JSON mode what it cannot hold exactly', () => {
    for (const condition of [
      { all: [] },
      { all: [leaves[0][1]], any: [leaves[1][1]] },
      { field: 'customer.age', op: 'BETWEEN', value: [1, 2] },
      { field: 'customer.age', op: 'GE', value: { min: 1 } },
      { field: 'business', op: 'PRESENT', value: true },
      { field: 'customer.age', op: 'GE' },
      { field: 'customer.age', op: 'GE', value: 60, note: 'x' },
      'customer.age >= 60',
      [leaves[0][1]],
    ]) {
      expect(conditionToTree(condition).editable, JSON.stringify(condition)).toBe(false);
    }
  });

  it('builds a condition from nothing: a first row, a second (AND), a nested OR group', () => {
    let { root } = conditionToTree(null);
    expect(treeProblems(root)).toEqual(['field']);
    root = updateAt(root, [0], { ...(root.children[0] as LeafNode), field: 'customer.age', op: 'GE', value: 60 });
    expect(treeToCondition(root)).toEqual({ field: 'customer.age', op: 'GE', value: 60 });
    root = { ...root, children: [...root.children, { ...emptyLeaf(), field: 'business', op: 'PRESENT' }] };
    expect(treeToCondition(root)).toEqual({ all: [{ field: 'customer.age', op: 'GE', value: 60 }, { field: 'business', op: 'PRESENT' }] });
    const group = emptyGroup('any');
    root = { ...root, children: [...root.children, group] };
    expect(treeProblems(root)).toEqual(['field']);
    root = updateAt(root, [2, 0], { ...emptyLeaf(), field: 'customer.education', op: 'IN', value: ['NONE'] });
    root = updateAt(root, [2], { ...(root.children[2] as GroupNode), children: [...(root.children[2] as GroupNode).children, { ...emptyLeaf(), field: 'income.total', op: 'LT', value: 10000 }] });
    expect(treeProblems(root)).toEqual([]);
    expect(treeToCondition(root)).toEqual({
      all: [
        { field: 'customer.age', op: 'GE', value: 60 },
        { field: 'business', op: 'PRESENT' },
        { any: [{ field: 'customer.education', op: 'IN', value: ['NONE'] }, { field: 'income.total', op: 'LT', value: 10000 }] },
      ],
    });
    // Removing rows down to one field condition gives a plain condition again.
    root = updateAt(updateAt(root, [2], null), [1], null);
    expect(treeToCondition(root)).toEqual({ field: 'customer.age', op: 'GE', value: 60 });
  });

  it('says what is missing before asking the API', () => {
    const { root } = conditionToTree({ all: [{ field: 'customer.age', op: 'GE', value: 60 }] });
    const missing = updateAt(root, [0], { ...emptyLeaf(), field: 'customer.age', op: 'GE', value: '' });
    expect(treeProblems(missing)).toEqual(['value']);
    expect(treeProblems({ ...root, children: [{ ...emptyGroup(), children: [] }] })).toEqual(['emptyGroup']);
  });
});
