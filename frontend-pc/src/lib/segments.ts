// 客户分析模型 (docs/marketing.md): the pure parts of the segment model screens. The condition
// builder's rows <-> the API's condition JSON (`{"all"|"any": [{"field", "op", "value"}...]}`,
// one level; a deeper condition is shown in words and kept as it is), which operators and which
// value input a field offers, where a refusal's path lands (a row's field, operator or value, the
// condition as a whole, the name), the condition in words, the ranking of the branches and the
// trend chart. Tested in segments.test.ts.
import type { EChartsOption } from 'echarts';
import { ENUM_LABELS } from '@cic/shared/labels';
import { enumLabel, type MessageKey, type Translate } from '../i18n';

export const SEGMENT_OPS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'IN', 'PRESENT', 'ABSENT'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];
export type Combinator = 'all' | 'any';

/** A field a model may test, as `segmentFields` answers it. */
export interface SegmentField {
  path: string;
  label: string;
  type: string; // FieldType: STRING NUMBER DATE BOOLEAN COUNT
  presenceOnly: boolean;
}

export type Scalar = string | number | boolean;
export type RowValue = Scalar | Scalar[] | null | undefined;

/** One row of the builder: a field, an operator and a value; `key` only for React. */
export interface ConditionRow {
  key: string;
  field?: string;
  op: SegmentOp | string;
  value?: RowValue;
}

export interface Builder {
  combinator: Combinator;
  rows: ConditionRow[];
}

const NUMERIC = /^-?\d+(\.\d+)?$/;
const blank = (v: RowValue) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

let keys = 0;
export const rowKey = () => `row-${++keys}`;
export const emptyRow = (): ConditionRow => ({ key: rowKey(), op: 'EQ' });

// ---------------------------------------------------------------------------------------------
// Fields, operators and values

/** The code lists of fields whose values are an enum of the API (labels from @cic/shared/labels
 * or the workbench's own table): options with labels instead of codes typed by hand. */
const CODE_LISTS: Record<string, { prefix: string; values: string[] }> = {
  'customer.education': { prefix: 'education', values: Object.keys(ENUM_LABELS.Education) },
  'customer.maritalStatus': { prefix: 'marital', values: Object.keys(ENUM_LABELS.MaritalStatus) },
  'customer.health': { prefix: 'health', values: Object.keys(ENUM_LABELS.Health) },
  'customer.gender': { prefix: 'gender', values: ['MALE', 'FEMALE'] },
  'customer.status': { prefix: 'status', values: Object.keys(ENUM_LABELS.ArchiveStatus) },
  'customer.channel': { prefix: 'channel', values: Object.keys(ENUM_LABELS.Channel) },
  'social.villageCreditRating': { prefix: 'rating', values: Object.keys(ENUM_LABELS.VillageRating) },
  'biz.worstClass': { prefix: 'loanClass', values: Object.keys(ENUM_LABELS.LoanClass) },
};

/** The grades of the card in force (codes in order, labels): the code list of `rating.grade`. */
export interface Grades {
  order: string[];
  labels: Record<string, string>;
}

export interface CodeOption {
  value: string;
  label: string;
}

/** The values a field takes, with their labels, when it is a code list; null for free values. */
export function codeOptions(path: string | undefined, t: Translate, grades?: Grades): CodeOption[] | null {
  if (!path) return null;
  if (path === 'rating.grade' && grades?.order.length) return grades.order.map((g) => ({ value: g, label: grades.labels[g] ?? g }));
  const list = CODE_LISTS[path];
  return list ? list.values.map((v) => ({ value: v, label: enumLabel(t, list.prefix, v) })) : null;
}

/** The label of one value: its code list's label, 是/否 for booleans, else the value itself. */
export function valueLabel(path: string | undefined, value: Scalar, t: Translate, grades?: Grades): string {
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  const option = codeOptions(path, t, grades)?.find((o) => o.value === String(value));
  return option ? option.label : String(value);
}

const ORDERED = new Set(['NUMBER', 'COUNT', 'DATE']);

/** The operators a field offers: presence only for personal fields; comparisons for numbers,
 * counts and dates; 等于/不等于/属于 for texts; 等于/不等于 for yes-or-no fields. An operator a
 * stored condition uses stays offered. */
export function opsFor(field: SegmentField | undefined, current?: string): string[] {
  let ops: string[];
  if (!field) ops = [...SEGMENT_OPS];
  else if (field.presenceOnly) ops = ['PRESENT', 'ABSENT'];
  else if (ORDERED.has(field.type)) ops = [...SEGMENT_OPS];
  else if (field.type === 'BOOLEAN') ops = ['EQ', 'NE'];
  else ops = ['EQ', 'NE', 'IN', 'PRESENT', 'ABSENT'];
  return current && !ops.includes(current) ? [...ops, current] : ops;
}

/** The input a row's value needs. */
export type ValueKind = 'none' | 'number' | 'date' | 'boolean' | 'choice' | 'choices' | 'text' | 'tags';

export function valueKind(field: SegmentField | undefined, op: string, hasCodes: boolean): ValueKind {
  if (op === 'PRESENT' || op === 'ABSENT') return 'none';
  if (op === 'IN') return hasCodes ? 'choices' : 'tags';
  if (hasCodes) return 'choice';
  switch (field?.type) {
    case 'NUMBER':
    case 'COUNT':
      return 'number';
    case 'DATE':
      return 'date';
    case 'BOOLEAN':
      return 'boolean';
    default:
      return 'text';
  }
}

const LIST_KINDS = new Set<ValueKind>(['choices', 'tags']);

/** A row's value when its operator changes the input: kept when the input stays, a single value
 * becomes a list of one and a list its first value, anything else is cleared. */
export function adaptValue(from: ValueKind, to: ValueKind, value: RowValue): RowValue {
  if (from === to) return value;
  const toList = LIST_KINDS.has(to);
  if (to === 'none' || from === 'none' || to === 'boolean' || from === 'boolean') return toList ? [] : undefined;
  const fromList = LIST_KINDS.has(from);
  if (!fromList && toList) return blank(value) ? [] : [value as Scalar];
  if (fromList && !toList) {
    const first = Array.isArray(value) ? value[0] : undefined;
    if (first === undefined) return undefined;
    if (to === 'number') return typeof first === 'number' ? first : NUMERIC.test(String(first).trim()) ? Number(String(first).trim()) : undefined;
    return first;
  }
  return value;
}

/** A row with another field: the operator kept where the field offers it (else the first it
 * offers); the value kept (adapted) for a field of the same type without a code list, else cleared. */
export function withField(row: ConditionRow, path: string, fields: FieldIndex, hasCodes: (path: string | undefined) => boolean): ConditionRow {
  const before = fields.get(row.field ?? '');
  const field = fields.get(path);
  const ops = opsFor(field);
  const op = ops.includes(row.op) ? row.op : ops[0];
  const from = valueKind(before, row.op, hasCodes(row.field));
  const to = valueKind(field, op, hasCodes(path));
  const keep = !!before && before.type === field?.type && !hasCodes(row.field) && !hasCodes(path);
  return { ...row, field: path, op, value: keep ? adaptValue(from, to, row.value) : LIST_KINDS.has(to) ? [] : undefined };
}

/** A row with another operator: the value adapted to the operator's input. */
export function withOp(row: ConditionRow, op: string, field: SegmentField | undefined, hasCodes: boolean): ConditionRow {
  return { ...row, op, value: adaptValue(valueKind(field, row.op, hasCodes), valueKind(field, op, hasCodes), row.value) };
}

export type FieldIndex = Map<string, SegmentField>;
export const indexFields = (fields: readonly SegmentField[]): FieldIndex => new Map(fields.map((f) => [f.path, f]));

// ---------------------------------------------------------------------------------------------
// Rows <-> the condition JSON

interface Leaf {
  field: string;
  op?: string;
  value?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLeaf = (v: unknown): v is Leaf => isObject(v) && !('all' in v) && !('any' in v) && typeof v.field === 'string';

function leafToRow(leaf: Leaf): ConditionRow {
  const value = leaf.value;
  return {
    key: rowKey(),
    field: leaf.field,
    op: typeof leaf.op === 'string' ? leaf.op : 'EQ',
    value: Array.isArray(value) ? (value.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)) as Scalar[]) : (value as RowValue),
  };
}

/**
 * A stored condition as the builder's rows. One level of all/any over field conditions (or one
 * field condition on its own) is editable; anything deeper is not (`editable: false`, no rows):
 * the screen shows it in words and saves it as it is.
 */
export function conditionToBuilder(condition: unknown): { builder: Builder; editable: boolean } {
  if (condition === null || condition === undefined) return { builder: { combinator: 'all', rows: [emptyRow()] }, editable: true };
  if (isLeaf(condition)) return { builder: { combinator: 'all', rows: [leafToRow(condition)] }, editable: true };
  if (isObject(condition)) {
    for (const combinator of ['all', 'any'] as const) {
      const parts = condition[combinator];
      if (Array.isArray(parts) && Object.keys(condition).length === 1 && parts.every(isLeaf)) {
        return { builder: { combinator, rows: parts.map(leafToRow) }, editable: true };
      }
    }
  }
  return { builder: { combinator: 'all', rows: [] }, editable: false };
}

/** A value as the API compares it: numbers for number and count fields (where the text is one;
 * anything else goes as typed and the API says what is wrong with it), trimmed texts. */
function apiScalar(value: Scalar, field: SegmentField | undefined): Scalar {
  if (typeof value === 'string') {
    const text = value.trim();
    if (field && (field.type === 'NUMBER' || field.type === 'COUNT') && NUMERIC.test(text)) return Number(text);
    return text;
  }
  return value;
}

function rowToLeaf(row: ConditionRow, fields: FieldIndex): Record<string, unknown> {
  const field = fields.get(row.field ?? '');
  const leaf: Record<string, unknown> = { field: row.field ?? '', op: row.op };
  if (row.op === 'PRESENT' || row.op === 'ABSENT') return leaf;
  if (row.op === 'IN') {
    const values = Array.isArray(row.value) ? row.value : row.value === undefined || row.value === null || row.value === '' ? [] : [row.value];
    leaf.value = values.map((v) => apiScalar(v, field)).filter((v) => v !== '');
    return leaf;
  }
  const value = Array.isArray(row.value) ? row.value[0] : row.value;
  leaf.value = value === undefined || value === null ? null : apiScalar(value, field);
  return leaf;
}

/** The builder's rows as the API's condition: `{"all": [...]}` or `{"any": [...]}`. */
export function builderToCondition(builder: Builder, fields: FieldIndex): { all: unknown[] } | { any: unknown[] } {
  const parts = builder.rows.map((r) => rowToLeaf(r, fields));
  return builder.combinator === 'any' ? { any: parts } : { all: parts };
}

/** What the builder can tell before asking the API: a row without a field or without a value. */
export function builderProblems(builder: Builder, t: Translate): RowErrors {
  const errors: RowErrors = {};
  builder.rows.forEach((row, i) => {
    if (!row.field) (errors[i] ??= {}).field = [t('segments.chooseField')];
    else if (row.op !== 'PRESENT' && row.op !== 'ABSENT' && blank(row.value)) (errors[i] ??= {}).value = [t('segments.valueRequired')];
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Where a refusal lands

export type RowPart = 'field' | 'op' | 'value' | 'row';
/** Per row, per part: the messages to show there. */
export type RowErrors = Record<number, Partial<Record<RowPart, string[]>>>;

export type ErrorTarget =
  | { kind: 'row'; index: number; part: RowPart }
  | { kind: 'condition' }
  | { kind: 'form'; name: 'name' | 'description' | 'reminder' }
  | { kind: 'general' };

/** Which part of the screen a `MarketingError.field` names: `condition.all[1].value` the second
 * row's value, `condition.any[0].op` the first row's operator, `condition` (FIELD_NOT_VISIBLE, an
 * empty list) or a path into a nested condition the condition as a whole, `name` (`description`,
 * `reminder`) that field of the form. */
export function errorTarget(path: string | null | undefined): ErrorTarget {
  if (!path) return { kind: 'general' };
  if (path === 'name' || path === 'description' || path === 'reminder') return { kind: 'form', name: path };
  const m = /^condition\.(?:all|any)\[(\d+)\](?:\.(field|op|value))?$/.exec(path);
  if (m) return { kind: 'row', index: Number(m[1]), part: (m[2] as RowPart | undefined) ?? 'row' };
  if (path === 'condition' || path.startsWith('condition.') || path.startsWith('condition[')) return { kind: 'condition' };
  return { kind: 'general' };
}

const FIELD_TYPES = ['STRING', 'NUMBER', 'DATE', 'BOOLEAN', 'COUNT'];

/** An API message with the field paths and field types it names in words: “biz.depositBalance”
 * becomes “存款余额(元)”, （NUMBER） becomes （数字）. A path without a dot (`business`, `assets`:
 * plain English words too) only where it is quoted. */
export function readableMessage(text: string, fields: FieldIndex, t: Translate): string {
  let out = text;
  const paths = [...fields.keys()].sort((a, b) => b.length - a.length);
  for (const path of paths) {
    const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern = path.includes('.') ? `(?<![\\w.])${escaped}(?![\\w.])` : `(?<=[“'])${escaped}(?=[”'])`;
    out = out.replace(new RegExp(pattern, 'g'), fields.get(path)!.label);
  }
  for (const type of FIELD_TYPES) out = out.replace(new RegExp(`\\b${type}\\b`, 'g'), enumLabel(t, 'fieldType', type));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The condition in words

function leafText(leaf: Leaf, fields: FieldIndex, t: Translate, grades?: Grades): string {
  const field = fields.get(leaf.field);
  const label = field?.label ?? t('segments.hiddenField');
  const op = typeof leaf.op === 'string' ? leaf.op : 'EQ';
  const opText = (SEGMENT_OPS as readonly string[]).includes(op) ? t(`segments.op.${op}` as MessageKey) : op;
  if (op === 'PRESENT' || op === 'ABSENT') return `${label} ${opText}`;
  const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
  const shown = values
    .filter((v): v is Scalar => ['string', 'number', 'boolean'].includes(typeof v))
    .map((v) => valueLabel(leaf.field, v, t, grades));
  return `${label} ${opText} ${shown.join(t('segments.listSeparator'))}`;
}

/** A condition in words, e.g. "存款余额(元) 大于等于 50000 且 贷款笔数 等于 0"; nested groups in brackets. */
export function describeCondition(condition: unknown, fields: FieldIndex, t: Translate, grades?: Grades, nested = false): string {
  if (isLeaf(condition)) return leafText(condition, fields, t, grades);
  if (isObject(condition)) {
    for (const combinator of ['all', 'any'] as const) {
      const parts = condition[combinator];
      if (Array.isArray(parts)) {
        const text = parts.map((p) => describeCondition(p, fields, t, grades, true)).join(t(combinator === 'all' ? 'segments.and' : 'segments.or'));
        return nested && parts.length > 1 ? `（${text}）` : text;
      }
    }
  }
  return '—';
}

// ---------------------------------------------------------------------------------------------
// Counts

export interface UnitCount {
  unit: { id: string; name: string };
  members: number;
}

/** The branches most members first (then by name), each with its rank and share of the total. */
export function rankUnits(counts: readonly UnitCount[]): { id: string; rank: number; name: string; members: number; share: number }[] {
  const total = counts.reduce((sum, c) => sum + c.members, 0);
  return [...counts]
    .sort((a, b) => b.members - a.members || a.unit.name.localeCompare(b.unit.name, 'zh'))
    .map((c, i) => ({ id: c.unit.id, rank: i + 1, name: c.unit.name, members: c.members, share: total ? (c.members * 100) / total : 0 }));
}

/** The members on each evaluated day as a line. */
export function trendOption(points: readonly { day: string; members: number }[], seriesName: string): EChartsOption {
  const sorted = [...points].sort((a, b) => a.day.localeCompare(b.day));
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 56, right: 24, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: sorted.map((p) => p.day), boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: seriesName, type: 'line', data: sorted.map((p) => p.members), showSymbol: true, symbolSize: 6, areaStyle: { opacity: 0.08 } }],
  };
}

/** The group a field is offered in: the rating, quotas and business aggregates, the contact
 * history, the archive's own fields, the bank's extra fields. */
export function fieldGroup(path: string): 'business' | 'contact' | 'archive' | 'extra' {
  if (path.startsWith('biz.') || path.startsWith('rating.') || path.startsWith('quota.')) return 'business';
  if (path.startsWith('contact.')) return 'contact';
  if (path.startsWith('extra.')) return 'extra';
  return 'archive';
}
