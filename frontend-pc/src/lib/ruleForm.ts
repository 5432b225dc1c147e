// A rule as the editor's form holds it <-> the API's RuleInput (params and conditions are JSON
// in the API; the form has one field per parameter of the rule's kind). Tested in ruleForm.test.ts.
import type { RuleInput } from '../gql/graphql';
import type { RuleKind } from './ruleFields';

export interface RuleFormValues {
  code: string;
  kind: RuleKind;
  severity: 'ERROR' | 'WARNING';
  enabled: boolean;
  messageZh: string;
  messageEn: string;
  overrides?: string | null;
  /** reviewers may verify despite an ERROR of this rule, with a reason */
  overridable?: boolean;
  field?: string;
  pattern?: string;
  min?: string;
  max?: string;
  values?: string[];
  /** a CONDITIONAL_REQUIRED rule's `if`, as the API's condition JSON */
  condition?: unknown;
  expression?: string;
  kinds?: string[];
  months?: number | null;
  /** the segment as JSON text (advanced); empty = every archive */
  segment?: string;
}

export interface ApiRule {
  code: string;
  kind: string;
  severity: string;
  enabled: boolean;
  messageZh: string;
  messageEn: string;
  params: Record<string, unknown> | null;
  segment?: unknown;
  overrides?: string | null;
  overridable?: boolean;
}

/** "12" -> 12, "2026-01-01" stays a string (ranges may be numbers or dates). */
export function parseScalar(text: string | undefined | null): string | number | boolean | null {
  if (text === undefined || text === null) return null;
  const t = String(text).trim();
  if (t === '') return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  return t;
}

// A condition (`if`) stays the API's JSON: the condition builder (components/ConditionBuilder.tsx,
// lib/conditionTree.ts) edits it and gives back exactly what it read.
function conditionToApi(c: unknown): unknown {
  return c === undefined ? null : c;
}

function conditionFromApi(value: unknown): unknown {
  return value === null ? undefined : value;
}

export function ruleToForm(rule: ApiRule): RuleFormValues {
  const p = (rule.params ?? {}) as Record<string, unknown>;
  return {
    code: rule.code,
    kind: rule.kind as RuleKind,
    severity: rule.severity as 'ERROR' | 'WARNING',
    enabled: rule.enabled,
    messageZh: rule.messageZh,
    messageEn: rule.messageEn,
    overrides: rule.overrides ?? null,
    overridable: rule.overridable ?? false,
    field: typeof p.field === 'string' ? p.field : undefined,
    pattern: typeof p.pattern === 'string' ? p.pattern : undefined,
    min: p.min === undefined || p.min === null ? undefined : String(p.min),
    max: p.max === undefined || p.max === null ? undefined : String(p.max),
    values: Array.isArray(p.values) ? p.values.map(String) : undefined,
    condition: conditionFromApi(p.if),
    expression: typeof p.expression === 'string' ? p.expression : undefined,
    kinds: Array.isArray(p.kinds) ? p.kinds.map(String) : undefined,
    months: typeof p.months === 'number' ? p.months : undefined,
    segment: rule.segment ? JSON.stringify(rule.segment) : '',
  };
}

export class SegmentJsonError extends Error {}

export function formToRule(v: RuleFormValues): RuleInput {
  const params: Record<string, unknown> = {};
  switch (v.kind) {
    case 'REQUIRED':
      params.field = v.field;
      break;
    case 'PATTERN':
      params.field = v.field;
      params.pattern = v.pattern;
      break;
    case 'RANGE': {
      params.field = v.field;
      const min = parseScalar(v.min);
      const max = parseScalar(v.max);
      if (min !== null) params.min = min;
      if (max !== null) params.max = max;
      break;
    }
    case 'ALLOWED_VALUES':
      params.field = v.field;
      params.values = (v.values ?? []).map((x) => parseScalar(x));
      break;
    case 'CONDITIONAL_REQUIRED':
      params.if = conditionToApi(v.condition);
      params.field = v.field;
      break;
    case 'EXPRESSION':
      params.expression = v.expression ?? '';
      break;
    case 'REQUIRED_IMAGES':
      params.kinds = v.kinds ?? [];
      break;
    case 'FRESHNESS':
      params.months = v.months ?? null;
      break;
    case 'ID_CONSISTENCY':
      break;
  }
  let segment: unknown = null;
  if (v.segment && v.segment.trim()) {
    try {
      segment = JSON.parse(v.segment);
    } catch {
      throw new SegmentJsonError(v.segment);
    }
  }
  return {
    code: v.code.trim().toUpperCase(),
    kind: v.kind,
    severity: v.severity,
    enabled: v.enabled,
    messageZh: v.messageZh,
    messageEn: v.messageEn,
    params,
    segment,
    overrides: v.overrides || null,
    overridable: !!v.overridable,
  };
}

/** Short text of a rule's parameters for the rule table. */
export function describeParams(rule: ApiRule): string {
  const p = (rule.params ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  if (p.if && typeof p.if === 'object') {
    const c = p.if as { field?: string; op?: string; value?: unknown };
    parts.push(`if ${c.field ?? JSON.stringify(c)} ${c.op ?? ''} ${c.value === undefined ? '' : JSON.stringify(c.value)}`.trim());
  }
  if (p.field) parts.push(String(p.field));
  if (p.pattern) parts.push(`/${p.pattern}/`);
  if (p.min !== undefined || p.max !== undefined) parts.push(`[${p.min ?? ''} .. ${p.max ?? ''}]`);
  if (Array.isArray(p.values)) parts.push(`∈ {${p.values.join(', ')}}`);
  if (p.expression) parts.push(String(p.expression));
  if (Array.isArray(p.kinds)) parts.push(p.kinds.join(', '));
  if (p.months) parts.push(`${p.months} months`);
  return parts.join('  ');
}

/** Which rule (index) and which form field an error path like `rules[2].params.expression` is about. */
export function ruleErrorTarget(path: string | null | undefined): { index: number; field: string } | null {
  if (!path) return null;
  const m = /^rules\[(\d+)\]\.?(.*)$/.exec(path);
  if (!m) return null;
  const rest = m[2];
  const field = rest.startsWith('params.if') ? 'condition' : rest.startsWith('params.') ? rest.slice('params.'.length).split(/[.[]/)[0] : rest.split(/[.[]/)[0] || 'code';
  return { index: Number(m[1]), field };
}
