// The scorecard editor's pure parts (docs/rating.md, "The card model"): a card copied into an
// editable draft and back into `SaveScorecardInput`, the best possible score, which card is in
// force for whom, and the API's field paths (`items[2].bins[1].points`, `grades`, `basePoints`)
// turned into the field or row of the editor they are about. Tested in scorecard.test.ts.
import type { RatingVeto, SaveScorecardInput, ScorecardFieldsFragment, ScorecardItemKind } from '../gql/graphql';
import { userErrorText, type UserError } from '@cic/shared/userErrors';
import { enumLabel, type Translate } from '../i18n';

/** The most a customer can score (a card whose best score exceeds it is refused). */
export const MAX_SCORE = 1200;
/** The ineligible grade the vetoes force (不予授信); no card may define it. */
export const INELIGIBLE = 'D';
/** The vetoes a card may apply, in the order the editor lists them. */
export const VETOES: readonly RatingVeto[] = ['BLACKLISTED', 'OVERDUE_90', 'LOSS_CLASS', 'NOT_PRECISE'];
/** How many archives per bank a dry run may sample (backend DRY_RUN_SAMPLE), and the default. */
export const DRY_RUN_SAMPLE = { min: 100, max: 100_000, default: 2000 } as const;

type Card = ScorecardFieldsFragment;

export interface DraftBin {
  key: string;
  label: string;
  points: number | null;
  /** NUMERIC: inclusive lower bound; null: open below */
  min: number | null;
  /** NUMERIC: exclusive upper bound; null: open above */
  max: number | null;
  /** CATEGORY: the values of the bin */
  values: string[];
  /** the bin of a missing value (exactly one per item) */
  missing: boolean;
}

export interface DraftItem {
  key: string;
  code: string;
  label: string;
  variable: string;
  kind: ScorecardItemKind;
  bins: DraftBin[];
}

export interface DraftGrade {
  key: string;
  code: string;
  label: string;
  min: number | null;
  quotaCap: number | null;
  incomeMultiple: number | null;
  watch: boolean;
}

/** What the editor edits: a card's definition, numbers possibly still empty. */
export interface DraftCard {
  name: string;
  basePoints: number | null;
  items: DraftItem[];
  grades: DraftGrade[];
  vetoes: RatingVeto[];
}

let counter = 0;
/** A key for a new row (React keys and expanded rows survive edits of codes and labels). */
export const rowKey = (prefix: string) => `${prefix}${++counter}`;

/** The card as an editable draft: what "新建草稿" starts from, and what a draft is edited as. */
export function cardToDraft(card: Pick<Card, 'name' | 'basePoints' | 'items' | 'grades' | 'vetoes'>): DraftCard {
  return {
    name: card.name,
    basePoints: card.basePoints,
    items: card.items.map((item) => ({
      key: rowKey('item'),
      code: item.code,
      label: item.label,
      variable: item.variable,
      kind: item.kind,
      bins: item.bins.map((bin) => ({
        key: rowKey('bin'),
        label: bin.label,
        points: bin.points,
        min: bin.min ?? null,
        max: bin.max ?? null,
        values: [...(bin.values ?? [])],
        missing: bin.missing,
      })),
    })),
    grades: card.grades.map((g) => ({
      key: rowKey('grade'),
      code: g.code,
      label: g.label,
      min: g.min,
      quotaCap: g.quotaCap,
      incomeMultiple: g.incomeMultiple,
      watch: g.watch,
    })),
    vetoes: [...card.vetoes],
  };
}

/** The draft as `saveScorecard`'s input (id null: a new draft). A bin carries only what its
 * kind uses: ranges for NUMERIC, values for CATEGORY, neither for the missing bin. Empty numbers
 * must have been refused before (`missingNumbers`). */
export function draftToInput(draft: DraftCard, id: string | null): SaveScorecardInput {
  return {
    id,
    name: draft.name.trim(),
    basePoints: draft.basePoints ?? 0,
    items: draft.items.map((item) => ({
      code: item.code.trim(),
      label: item.label.trim(),
      variable: item.variable,
      kind: item.kind,
      bins: item.bins.map((bin) => ({
        label: bin.label.trim(),
        points: bin.points ?? 0,
        min: !bin.missing && item.kind === 'NUMERIC' ? bin.min : null,
        max: !bin.missing && item.kind === 'NUMERIC' ? bin.max : null,
        values: !bin.missing && item.kind === 'CATEGORY' ? bin.values : null,
        missing: bin.missing,
      })),
    })),
    grades: draft.grades.map((g) => ({
      code: g.code.trim(),
      label: g.label.trim(),
      min: g.min ?? 0,
      quotaCap: g.quotaCap ?? 0,
      incomeMultiple: g.incomeMultiple ?? 0,
      watch: g.watch,
    })),
    vetoes: [...draft.vetoes],
  };
}

/** The most an item can earn: its best bin's points. */
export function itemMaxPoints(item: { bins: readonly { points: number | null }[] }): number {
  return item.bins.reduce((best, b) => Math.max(best, b.points ?? 0), 0);
}

/** The card's best possible score: base points plus each item's best bin (at most MAX_SCORE). */
export function maxScore(draft: { basePoints: number | null; items: readonly { bins: readonly { points: number | null }[] }[] }): number {
  return (draft.basePoints ?? 0) + draft.items.reduce((sum, item) => sum + itemMaxPoints(item), 0);
}

/** The bins a new item (or an item whose variable changed kind) starts with: the missing bin
 * (keeping the one it had) and one bin of the kind, open on both sides for a number. */
export function defaultBins(kind: ScorecardItemKind, missing?: DraftBin): DraftBin[] {
  const kept: DraftBin = missing
    ? { ...missing, min: null, max: null, values: [] }
    : { key: rowKey('bin'), label: '缺失', points: 0, min: null, max: null, values: [], missing: true };
  // A NUMERIC item's only range is open on both sides; a CATEGORY bin waits for its values.
  return [kept, { key: rowKey('bin'), label: kind === 'NUMERIC' ? '全部' : '', points: 0, min: null, max: null, values: [], missing: false }];
}

/** An item reading another variable: its kind follows the variable; bins of the other kind are
 * replaced (the missing bin is kept). */
export function withVariable(item: DraftItem, variable: { path: string; label: string; numeric: boolean }): DraftItem {
  const kind: ScorecardItemKind = variable.numeric ? 'NUMERIC' : 'CATEGORY';
  const next = { ...item, variable: variable.path, label: item.label.trim() ? item.label : variable.label };
  if (kind === item.kind) return next;
  return { ...next, kind, bins: defaultBins(kind, item.bins.find((b) => b.missing)) };
}

/** A new bin of an item, after its last valued bin: a number range starts where the last one ends. */
export function addBin(item: DraftItem): DraftItem {
  const valued = item.bins.filter((b) => !b.missing);
  const last = valued[valued.length - 1];
  const bin: DraftBin = { key: rowKey('bin'), label: '', points: 0, min: item.kind === 'NUMERIC' ? (last?.max ?? null) : null, max: null, values: [], missing: false };
  const at = last ? item.bins.indexOf(last) + 1 : item.bins.length;
  return { ...item, bins: [...item.bins.slice(0, at), bin, ...item.bins.slice(at)] };
}

export function newItem(): DraftItem {
  return { key: rowKey('item'), code: '', label: '', variable: '', kind: 'NUMERIC', bins: defaultBins('NUMERIC') };
}

export function newGrade(): DraftGrade {
  return { key: rowKey('grade'), code: '', label: '', min: 0, quotaCap: 0, incomeMultiple: 0, watch: false };
}

/** Empty numbers the API cannot take (its Int! and Float!), as field errors at the paths the API
 * would name: the editor shows them where it shows the API's. */
export function missingNumbers(draft: DraftCard): UserError[] {
  const required = (field: string): UserError => ({ field, code: 'REQUIRED', message: '必填', messageEn: 'required' });
  const errors: UserError[] = [];
  if (draft.basePoints === null) errors.push(required('basePoints'));
  draft.items.forEach((item, i) =>
    item.bins.forEach((bin, k) => {
      if (bin.points === null) errors.push(required(`items[${i}].bins[${k}].points`));
    }),
  );
  draft.grades.forEach((g, i) => {
    for (const field of ['min', 'quotaCap', 'incomeMultiple'] as const) if (g[field] === null) errors.push(required(`grades[${i}].${field}`));
  });
  return errors;
}

// -- the API's field paths -------------------------------------------------------------------

export type CardErrorTarget =
  | { kind: 'card'; field: 'name' | 'basePoints' | 'items' | 'grades' | 'vetoes' }
  | { kind: 'item'; index: number; field: string }
  | { kind: 'bin'; index: number; bin: number; field: string }
  | { kind: 'grade'; index: number; field: string };

/** Where an error's path points: the card's name, base points, items (as a list), grades (as a
 * list) or vetoes; an item's field (`items[0].variable`, its bins as a whole: `items[2].bins`);
 * a bin's field (`items[2].bins[1].points`); a grade's field (`grades[3].min`). null: elsewhere. */
export function cardErrorTarget(field: string | null | undefined): CardErrorTarget | null {
  if (!field) return null;
  const path = field.replace(/^input\./, '');
  let m = /^items\[(\d+)\]\.bins\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) return { kind: 'bin', index: Number(m[1]), bin: Number(m[2]), field: m[3] ?? 'label' };
  m = /^items\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) return { kind: 'item', index: Number(m[1]), field: m[2] ?? 'code' };
  m = /^grades\[(\d+)\](?:\.(\w+))?/.exec(path);
  if (m) return { kind: 'grade', index: Number(m[1]), field: m[2] ?? 'code' };
  m = /^(name|basePoints|items|grades|vetoes)(?:$|[.[])/.exec(path);
  if (m) return { kind: 'card', field: m[1] as 'name' };
  return null;
}

type Messages = Record<string, string[]>;

/** The errors of a save, by what they are about (messages in the UI's language). */
export interface CardErrors {
  card: Messages;
  items: Record<number, Messages>;
  bins: Record<string, Messages>;
  grades: Record<number, Messages>;
  /** errors about nothing the editor shows (the id: a draft that is no longer one, ...) */
  general: string[];
}

export const NO_ERRORS: CardErrors = { card: {}, items: {}, bins: {}, grades: {}, general: [] };

export const binErrorKey = (item: number, bin: number) => `${item}.${bin}`;

export function groupCardErrors(errors: readonly UserError[], locale: 'zh' | 'en'): CardErrors {
  const out: CardErrors = { card: {}, items: {}, bins: {}, grades: {}, general: [] };
  const add = (messages: Messages, field: string, text: string) => (messages[field] ??= []).push(text);
  for (const e of errors) {
    const text = userErrorText(e, locale);
    const target = cardErrorTarget(e.field);
    if (!target) out.general.push(text);
    else if (target.kind === 'card') add(out.card, target.field, text);
    else if (target.kind === 'item') add((out.items[target.index] ??= {}), target.field, text);
    else if (target.kind === 'bin') add((out.bins[binErrorKey(target.index, target.bin)] ??= {}), target.field, text);
    else add((out.grades[target.index] ??= {}), target.field, text);
  }
  return out;
}

/** How many errors there are (the notice's count). */
export function errorCount(errors: CardErrors): number {
  const count = (messages: Messages) => Object.values(messages).reduce((n, list) => n + list.length, 0);
  const nested = (byIndex: Record<string | number, Messages>) => Object.values(byIndex).reduce((n, m) => n + count(m), 0);
  return count(errors.card) + nested(errors.items) + nested(errors.bins) + nested(errors.grades) + errors.general.length;
}

/** The items an error is about (their own fields or their bins'): the editor opens their bins. */
export function itemsWithErrors(errors: CardErrors): number[] {
  const found = new Set<number>(Object.keys(errors.items).map(Number));
  for (const key of Object.keys(errors.bins)) found.add(Number(key.split('.')[0]));
  return [...found].sort((a, b) => a - b);
}

// -- who administers which card, and which card is in force ------------------------------------

interface CardScope {
  id: string;
  status: string;
  province: boolean;
  bankId?: string | null;
}

/** Whether the caller may draft cards (RATING_ADMIN at the province or at a bank). */
export function canAdministerScorecards(permissions: readonly string[], orgLevel: string | null | undefined): boolean {
  return permissions.includes('RATING_ADMIN') && (orgLevel === 'PROVINCE' || orgLevel === 'BANK');
}

/** Whether the caller administers this card's scope: a province admin the province's card, a
 * bank admin their bank's. */
export function administersCard(
  permissions: readonly string[],
  unit: { level: string; bankId?: string | null } | null | undefined,
  card: Pick<CardScope, 'province' | 'bankId'>,
): boolean {
  if (!unit || !canAdministerScorecards(permissions, unit.level)) return false;
  return card.province ? unit.level === 'PROVINCE' : unit.level === 'BANK' && !!card.bankId && card.bankId === unit.bankId;
}

/** The card in force for a bank (its own published card, else the province's), or for the
 * province (bankId null): its own published card. */
export function cardInForce<C extends CardScope>(cards: readonly C[], bankId: string | null | undefined): C | undefined {
  const published = cards.filter((c) => c.status === 'PUBLISHED');
  return (bankId ? published.find((c) => !c.province && c.bankId === bankId) : undefined) ?? published.find((c) => c.province);
}

/** The cards in force as the viewer sees them: for a bank's staff the one card that rates their
 * archives; at the province every published card (each is in force for its banks). */
export function cardsInForce(cards: readonly CardScope[], viewerBankId: string | null | undefined): Set<string> {
  if (viewerBankId) {
    const card = cardInForce(cards, viewerBankId);
    return new Set(card ? [card.id] : []);
  }
  return new Set(cards.filter((c) => c.status === 'PUBLISHED').map((c) => c.id));
}

// -- category values in words ----------------------------------------------------------------

/** The enum (by the workbench's prefix) whose codes a category variable holds. */
const VARIABLE_ENUMS: Record<string, string> = {
  'customer.education': 'education',
  'customer.maritalStatus': 'marital',
  'customer.health': 'health',
  'customer.gender': 'gender',
  'customer.status': 'status',
  'customer.channel': 'channel',
  'social.villageCreditRating': 'rating',
  'biz.worstClass': 'loanClass',
};

const ENUM_VALUES: Record<string, readonly string[]> = {
  education: ['NONE', 'PRIMARY', 'JUNIOR', 'SENIOR', 'VOCATIONAL', 'COLLEGE', 'BACHELOR', 'POSTGRADUATE'],
  marital: ['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'],
  health: ['GOOD', 'FAIR', 'POOR', 'DISABLED'],
  gender: ['MALE', 'FEMALE'],
  status: ['DRAFT', 'SUBMITTED', 'RETURNED', 'VERIFIED', 'ARCHIVED'],
  channel: ['PC', 'PAD', 'SELF_SERVICE', 'IMPORT'],
  rating: ['AAA', 'AA', 'A', 'B', 'C', 'UNRATED'],
  loanClass: ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'],
};

/** The values a category bin of this variable may name, in words: an enum's values, 是/否 for a
 * yes/no field (its values are `true`/`false`), else none (the bin's tags are typed in). */
export function categoryOptions(variable: string, numeric: boolean | undefined, t: Translate): { value: string; label: string }[] {
  const prefix = VARIABLE_ENUMS[variable];
  if (prefix) return ENUM_VALUES[prefix].map((value) => ({ value, label: enumLabel(t, prefix, value) }));
  if (numeric === false && BOOLEAN_VARIABLES.has(variable)) {
    return [
      { value: 'true', label: t('common.yes') },
      { value: 'false', label: t('common.no') },
    ];
  }
  return [];
}

/** Yes/no variables of the catalog (backend/rules/fields.py, BOOLEAN: a flag or a presence test). */
const BOOLEAN_VARIABLES = new Set([
  'customer.idLongTerm', 'customer.idValid', 'familyMembers.hasSpouse', 'familyMembers.spouseIdNumber', 'liabilities.overdue', 'business', 'consent',
]);
