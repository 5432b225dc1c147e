// A rule's parameters in words for the rule tables ("当 婚姻状况 等于 已婚 时，配偶信息 须填写"):
// field labels from the rule field catalogue, enum values by their labels, never a path or a code.
import { enumLabel, type Translate } from '../i18n';
import type { ApiRule } from './ruleForm';
import { describeCondition, valueLabel, type FieldIndex } from './segments';

export function ruleSummary(rule: Pick<ApiRule, 'kind' | 'params' | 'segment'>, fields: FieldIndex, t: Translate): string {
  const p = (rule.params ?? {}) as Record<string, unknown>;
  const path = typeof p.field === 'string' ? p.field : '';
  const field = fields.get(path)?.label ?? path;
  const value = (v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? valueLabel(path, v, t) : '');
  let text: string;
  switch (rule.kind) {
    case 'REQUIRED':
      text = t('ruleBuilder.required', { field });
      break;
    case 'PATTERN':
      text = t('ruleBuilder.pattern', { field, pattern: String(p.pattern ?? '') });
      break;
    case 'RANGE':
      text = t('ruleBuilder.range', { field, min: p.min === undefined || p.min === null ? '—' : String(p.min), max: p.max === undefined || p.max === null ? '—' : String(p.max) });
      break;
    case 'ALLOWED_VALUES':
      text = t('ruleBuilder.allowed', { field, values: (Array.isArray(p.values) ? p.values : []).map(value).join(t('segments.listSeparator')) });
      break;
    case 'CONDITIONAL_REQUIRED':
      text = t('ruleBuilder.when', { condition: describeCondition(p.if, fields, t), field });
      break;
    case 'EXPRESSION':
      text = t('ruleBuilder.expression', { expression: String(p.expression ?? '') });
      break;
    case 'REQUIRED_IMAGES':
      text = t('ruleBuilder.images', { kinds: (Array.isArray(p.kinds) ? p.kinds : []).map((k) => enumLabel(t, 'imageKind', String(k))).join(t('segments.listSeparator')) });
      break;
    case 'FRESHNESS':
      text = t('ruleBuilder.freshness', { months: String(p.months ?? '') });
      break;
    case 'ID_CONSISTENCY':
      text = t('ruleBuilder.idConsistency');
      break;
    default:
      text = '';
  }
  if (rule.segment) text += `；${t('ruleBuilder.segment', { condition: describeCondition(rule.segment, fields, t) })}`;
  return text;
}
