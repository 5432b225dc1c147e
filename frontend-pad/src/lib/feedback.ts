// Field feedback on the archive form, as field collection apps give it (ODK Collect,
// KoBoToolbox): a rule the server says is not met leads to the field that meets it, and the
// device checks speak up under a field once the manager has left it, not only after a save.
//
// A violation names its rule (`code`), not a field: the field comes from the rule itself
// (`params.field`, the catalog path of backend/rules/fields.py), kept on the tablet with the
// reference data at login (src/lib/pad.ts) so the link works offline too.

/** A rule as the Reference query gives it. */
export interface RuleLike {
  code: string;
  kind: string;
  enabled: boolean;
  params?: Record<string, unknown> | null;
}

/** rule code -> what it is about: a catalog path (`customer.mobile`, `address.line`, `extra.x`),
 * or `images` for the required photos. A rule about nothing on the form (freshness) is left out. */
export type RuleTargets = Record<string, string>;

/** The paths a CEL expression reads, in order (`income.total > 0.0` -> `income.total`). */
function expressionPaths(expression: string): string[] {
  return [...expression.matchAll(/\b(customer|address|household|familyMembers|land|livestock|assets|income|liabilities|business|social|consent|extra)(\.[A-Za-z_]\w*)?/g)].map((m) => m[0]);
}

/** What each published rule is about, by its code. */
export function ruleTargets(ruleSets: { status: string; rules: RuleLike[] }[]): RuleTargets {
  const out: RuleTargets = {};
  for (const set of ruleSets.filter((s) => s.status === 'PUBLISHED')) {
    for (const rule of set.rules) {
      const params = rule.params ?? {};
      let target: string | undefined;
      if (rule.kind === 'REQUIRED_IMAGES') target = 'images';
      else if (rule.kind === 'ID_CONSISTENCY') target = 'customer.idNumber';
      else if (typeof params.field === 'string') target = params.field;
      else if (typeof params.expression === 'string') target = expressionPaths(params.expression)[0];
      if (target) out[rule.code] = target;
    }
  }
  return out;
}

/** Where a rule's field is on the form: its section, and the element to focus (an input, a
 * choice group, the button that adds a row), when there is one. */
export interface FormTarget {
  section: string;
  elementId: string | null;
}

const CUSTOMER_SECTION: Record<string, string> = {
  name: 'identity', idNumber: 'identity', idExpiry: 'identity', ethnicity: 'identity', education: 'identity', maritalStatus: 'identity', health: 'identity',
  mobile: 'contact', altPhone: 'contact',
};
/** Catalog fields shown as another field of the form. */
const CUSTOMER_ALIAS: Record<string, string> = { idLongTerm: 'idExpiry', idValid: 'idExpiry', gender: 'idNumber', birthDate: 'idNumber', age: 'idNumber' };
/** Lists: the rule is met by adding a row. */
const LISTS: Record<string, string> = { familyMembers: 'family', livestock: 'land', assets: 'assets', liabilities: 'liabilities' };

export function formTarget(path: string): FormTarget | null {
  const [head, ...rest] = path.split('.');
  const leaf = rest.join('.');
  if (path === 'images') return { section: 'photos', elementId: null };
  if (head === 'customer') {
    const field = CUSTOMER_ALIAS[leaf] ?? leaf;
    return CUSTOMER_SECTION[field] ? { section: CUSTOMER_SECTION[field], elementId: `f-${field}` } : null;
  }
  if (head === 'address') return { section: 'contact', elementId: leaf === 'line' ? 'f-address-line' : 'f-address-region' };
  if (LISTS[head]) return { section: LISTS[head], elementId: `f-${head}` };
  if (head === 'household' || head === 'land' || head === 'social') return { section: head, elementId: leaf ? `f-${head}-${leaf}` : null };
  if (head === 'income') return { section: 'income', elementId: `f-income-${['farming', 'business', 'wages', 'other'].includes(leaf) ? leaf : 'farming'}` };
  if (head === 'business') return { section: 'business', elementId: leaf ? `f-business-${leaf}` : 'f-business' };
  if (head === 'consent') return leaf === 'formImageRef' ? { section: 'photos', elementId: null } : { section: 'consent', elementId: 'f-consent' };
  if (head === 'extra' && leaf) return { section: 'extra', elementId: `f-extraFields-${leaf}` };
  return null;
}

/** Scroll to a field and put the focus on it (its section when the field is not on the screen,
 * e.g. the business fields while "有经营" is off). Returns the element focused, if any. */
export function focusTarget(target: FormTarget, doc: Document = document): HTMLElement | null {
  const section = doc.getElementById(`section-${target.section}`);
  let el = target.elementId ? doc.getElementById(target.elementId) : null;
  if (!el && target.section === 'business') el = doc.getElementById('f-business');
  const focusable =
    el && (el.matches('input, textarea, button, select, [tabindex]') ? el : el.querySelector<HTMLElement>('input:not([disabled]), textarea, button, [tabindex]'));
  let focused: HTMLElement | null = null;
  if (focusable) focused = focusable;
  else if (el) {
    el.tabIndex = -1;
    focused = el;
  } else if (section) {
    section.tabIndex = -1;
    focused = section;
  }
  const shown = el ?? section;
  shown?.scrollIntoView({ block: 'center' });
  focused?.focus({ preventScroll: true });
  const field = (el ?? section)?.closest<HTMLElement>('.field, .form-section');
  if (field) {
    field.classList.remove('flash');
    void field.offsetWidth; // restart the highlight
    field.classList.add('flash');
  }
  return focused;
}
