// Rule editor vocabulary. The fields rules can name come from the API (`ruleFields`: the catalog
// of backend/rules/fields.py plus the bank's extra fields), so the editor never drifts from it.
export interface RuleFieldInfo {
  path: string;
  label: string;
}

/** AutoComplete options for a field picker: "年总收入(元) · income.total". */
export function ruleFieldOptions(fields: readonly RuleFieldInfo[]): { value: string; label: string }[] {
  return fields.map((f) => ({ value: f.path, label: `${f.label} · ${f.path}` }));
}

export const IMAGE_KINDS = ['ID_FRONT', 'ID_BACK', 'HOUSEHOLD_REGISTER', 'HOUSE', 'LAND', 'LIVESTOCK', 'BUSINESS', 'CONSENT_FORM', 'VISIT_PHOTO', 'SIGNATURE', 'OTHER'];
export const CONDITION_OPS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE', 'IN', 'PRESENT', 'ABSENT'] as const;
export const RULE_KINDS = ['REQUIRED', 'PATTERN', 'RANGE', 'ALLOWED_VALUES', 'CONDITIONAL_REQUIRED', 'EXPRESSION', 'ID_CONSISTENCY', 'REQUIRED_IMAGES', 'FRESHNESS'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
