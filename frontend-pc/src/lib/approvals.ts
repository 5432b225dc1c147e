// The pure parts of the quota application and approval screens (docs/approvals.md): money in
// fen for comparisons, times in UTC+8, the diagram's markers, the history as a timeline, the
// application and decision forms' checks, and the product form's conversion.
import type { MessageKey, Translate } from '../i18n';
import { enumLabel } from '../i18n';

// ---------------------------------------------------------------------------------------------
// Money and time

/** A yuan decimal string ("120000.00", "80000", "12.5") in fen; null when it is not one (at most two decimals). */
export function toFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen as the API's Money: 12000000 -> "120000.00". */
export function fenToYuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  return `${whole}.${String(fen % 100).padStart(2, '0')}`;
}

/** A time as Beijing time (UTC+8), whatever the browser's zone: "2026-12-03 15:08". */
export function beijingTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  return seconds ? `${text}:${p(d.getUTCSeconds())}` : text;
}

/** How long a task has waited: "3 天 2 小时", "45 分钟" (at least one minute). */
export function waitedFor(iso: string, t: Translate, now: number = Date.now()): string {
  const minutes = Math.max(1, Math.floor((now - Date.parse(iso)) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days) return t('appr.waited.days', { d: days, h: hours });
  if (hours) return t('appr.waited.hours', { h: hours, m: minutes % 60 });
  return t('appr.waited.minutes', { m: minutes });
}

// ---------------------------------------------------------------------------------------------
// The diagram

export type DiagramMarker = 'cic-done' | 'cic-current';
export const DONE_MARKER: DiagramMarker = 'cic-done';
export const CURRENT_MARKER: DiagramMarker = 'cic-current';

/**
 * The markers of a process instance's diagram: current (waiting) user tasks and done elements;
 * an element both done and current (a step returned to, a loop) is current. Elements the diagram
 * does not draw (`known` says which it does) are left out, each marked once, in the API's order.
 */
export function diagramMarkers(
  instance: { completedElements: readonly string[]; currentElements: readonly string[] } | null | undefined,
  known: (id: string) => boolean = () => true,
): { id: string; marker: DiagramMarker }[] {
  if (!instance) return [];
  const current = new Set(instance.currentElements);
  const seen = new Set<string>();
  const out: { id: string; marker: DiagramMarker }[] = [];
  for (const id of instance.currentElements) {
    if (seen.has(id) || !known(id)) continue;
    seen.add(id);
    out.push({ id, marker: CURRENT_MARKER });
  }
  for (const id of instance.completedElements) {
    if (seen.has(id) || current.has(id) || !known(id)) continue;
    seen.add(id);
    out.push({ id, marker: DONE_MARKER });
  }
  return out;
}

/**
 * The sequence flows to mark done: those whose source and target are both done (or the target
 * current), so the path taken reads as one line. `flows` are the diagram's flows with their ends.
 */
export function doneFlows(
  flows: readonly { id: string; source: string; target: string }[],
  instance: { completedElements: readonly string[]; currentElements: readonly string[] } | null | undefined,
): string[] {
  if (!instance) return [];
  const done = new Set(instance.completedElements);
  const current = new Set(instance.currentElements);
  return flows.filter((f) => done.has(f.source) && !current.has(f.source) && (done.has(f.target) || current.has(f.target))).map((f) => f.id);
}

// ---------------------------------------------------------------------------------------------
// The history

export interface HistoryEventLike {
  id: string;
  action: string;
  elementName?: string | null;
  amount?: string | null;
  term?: number | null;
  rate?: string | null;
  comment?: string | null;
  at: string;
  system: boolean;
  actor?: { name: string } | null;
  toUser?: { name: string } | null;
}

export interface TimelineEntry {
  key: string;
  color: 'green' | 'red' | 'orange' | 'gray' | 'blue';
  /** the action in words, with the step where there is one: "审批通过 · 网点负责人审批" */
  title: string;
  /** who: the actor's name, 系统 for CIC itself; "→ 李四" for a delegation */
  who: string;
  /** the amount and term the step names, e.g. "¥120,000.00 · 12 个月" */
  amount: string | null;
  comment: string | null;
  at: string;
}

const ACTION_COLORS: Record<string, TimelineEntry['color']> = {
  APPROVED: 'green', AUTO_APPROVED: 'green', COMPLETED: 'green',
  REJECTED: 'red',
  RETURNED: 'orange', REMINDED: 'orange', ESCALATED: 'orange',
  WITHDRAWN: 'gray', RELEASED: 'gray',
};

/** The history as the timeline shows it (oldest first, as the API lists it). */
export function timelineEntries(history: readonly HistoryEventLike[], t: Translate, money: (v: string) => string): TimelineEntry[] {
  return history.map((e) => {
    const action = enumLabel(t, 'applicationEventAction', e.action);
    const actor = e.system ? t('appr.system') : (e.actor?.name ?? '—');
    const parts = [e.amount ? money(e.amount) : null, e.term ? t('appr.months', { n: e.term }) : null, e.rate ? t('appr.ratePercent', { r: e.rate }) : null].filter(Boolean);
    return {
      key: e.id,
      color: ACTION_COLORS[e.action] ?? 'blue',
      title: e.elementName ? `${action} · ${e.elementName}` : action,
      who: e.toUser ? `${actor} → ${e.toUser.name}` : actor,
      amount: parts.length ? parts.join(' · ') : null,
      comment: e.comment ?? null,
      at: beijingTime(e.at),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Forms

export type Problem = { field: string; key: MessageKey; vars?: Record<string, string | number> };

/** The over-reason is needed above the recommended quota (at least 5 characters, as the API says). */
export const OVER_REASON_MIN = 5;
export const PURPOSE = { min: 2, max: 200 } as const;
export const DECISION_REASON = { min: 2, max: 500 } as const;

export function overRecommendation(amount: string | null | undefined, recommended: string | null | undefined): boolean {
  const a = toFen(amount);
  const r = toFen(recommended);
  return a !== null && r !== null && a > r;
}

export interface ApplyValues {
  amount?: string | null;
  term?: number | null;
  repaymentMethod?: string | null;
  purpose?: string | null;
  overReason?: string | null;
}

/** What the application form refuses before sending (the API checks all of it again). */
export function applyProblems(
  v: ApplyValues,
  product: { amountMin: string; amountMax: string; terms: readonly number[]; repaymentMethods: readonly string[] } | null | undefined,
  recommended: string | null | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const fen = toFen(v.amount);
  if (v.amount === null || v.amount === undefined || String(v.amount).trim() === '') problems.push({ field: 'amount', key: 'validation.required' });
  else if (fen === null || fen <= 0) problems.push({ field: 'amount', key: 'appr.form.amountInvalid' });
  else if (product && (fen < (toFen(product.amountMin) ?? 0) || fen > (toFen(product.amountMax) ?? Infinity)))
    problems.push({ field: 'amount', key: 'appr.form.amountRange', vars: { min: product.amountMin, max: product.amountMax } });
  if (!v.term) problems.push({ field: 'term', key: 'validation.required' });
  else if (product && !product.terms.includes(v.term)) problems.push({ field: 'term', key: 'appr.form.termNotOffered' });
  if (!v.repaymentMethod) problems.push({ field: 'repaymentMethod', key: 'validation.required' });
  const purpose = (v.purpose ?? '').trim();
  if (!purpose) problems.push({ field: 'purpose', key: 'validation.required' });
  else if (purpose.length < PURPOSE.min || purpose.length > PURPOSE.max) problems.push({ field: 'purpose', key: 'appr.form.purposeLength', vars: PURPOSE });
  if (fen !== null && overRecommendation(v.amount, recommended) && (v.overReason ?? '').trim().length < OVER_REASON_MIN)
    problems.push({ field: 'overReason', key: 'appr.form.overReasonRequired', vars: { n: OVER_REASON_MIN } });
  return problems;
}

/** The most a step may approve: what the previous level approved, else what was asked. */
export function approvalCeiling(app: { amount: string; term: number; approvedAmount?: string | null; approvedTerm?: number | null }): { amount: string; term: number } {
  return { amount: app.approvedAmount ?? app.amount, term: app.approvedTerm ?? app.term };
}

/** A rate in percent with at most two decimals ("4.35") in hundredths of a percent; null when it is not one. */
export function rateHundredths(value: string | null | undefined): number | null {
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec((value ?? '').trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/** The approve form's checks: an amount above zero and not above the ceiling, a term not above it,
 * a rate (when given) within the product's range. */
export function approveProblems(
  v: { amount?: string | null; term?: number | null; rate?: string | null },
  ceiling: { amount: string; term: number },
  rates?: { rateMin: string; rateMax: string } | null,
): Problem[] {
  const problems: Problem[] = [];
  if (v.rate !== undefined && v.rate !== null && v.rate.trim() !== '') {
    const r = rateHundredths(v.rate);
    const min = rates ? rateHundredths(rates.rateMin) : null;
    const max = rates ? rateHundredths(rates.rateMax) : null;
    if (r === null) problems.push({ field: 'rate', key: 'appr.form.rateInvalid' });
    else if (rates && min !== null && max !== null && (r < min || r > max)) problems.push({ field: 'rate', key: 'appr.form.rateRange', vars: { min: rates.rateMin, max: rates.rateMax } });
  }
  const fen = toFen(v.amount);
  if (fen === null || fen <= 0) problems.push({ field: 'amount', key: 'appr.form.amountInvalid' });
  else if (fen > (toFen(ceiling.amount) ?? 0)) problems.push({ field: 'amount', key: 'appr.form.aboveCeiling', vars: { max: ceiling.amount } });
  if (!v.term || v.term <= 0) problems.push({ field: 'term', key: 'validation.required' });
  else if (v.term > ceiling.term) problems.push({ field: 'term', key: 'appr.form.termAboveCeiling', vars: { max: ceiling.term } });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Products

export interface ProductLike {
  code: string;
  name: string;
  description?: string | null;
  amountMin: string;
  amountMax: string;
  terms: readonly number[];
  rateMin: string;
  rateMax: string;
  repaymentMethods: readonly string[];
  channels: readonly string[];
  sampleRate: number;
  validFrom: string;
  validTo?: string | null;
  eligibility: { preciseArchive: boolean; minGrade?: string | null; noVeto: boolean; ageMin: number; ageMax: number; regions: readonly string[] };
  processes: readonly { maxAmount?: string | null; processKey: string }[];
}

/** The product form's values: text fields as text, regions one per line. */
export interface ProductFormValues {
  code: string;
  name: string;
  description?: string;
  amountMin: string;
  amountMax: string;
  terms: number[];
  rateMin: string;
  rateMax: string;
  repaymentMethods: string[];
  channels: string[];
  sampleRate: number;
  validFrom: string;
  validTo?: string;
  preciseArchive: boolean;
  minGrade?: string;
  noVeto: boolean;
  ageMin: number;
  ageMax: number;
  regions: string;
  processes: { maxAmount?: string; processKey: string }[];
}

export function productFormValues(p: ProductLike | null | undefined): ProductFormValues {
  if (!p) {
    return {
      code: '', name: '', amountMin: '1000.00', amountMax: '300000.00', terms: [12], rateMin: '3.85', rateMax: '6.00',
      repaymentMethods: ['EQUAL_INSTALLMENT'], channels: ['BRANCH', 'PAD'], sampleRate: 0, validFrom: new Date().toISOString().slice(0, 10),
      preciseArchive: true, noVeto: true, ageMin: 18, ageMax: 65, regions: '', processes: [{ processKey: 'MULTI_LEVEL' }],
    };
  }
  return {
    code: p.code, name: p.name, description: p.description ?? undefined, amountMin: p.amountMin, amountMax: p.amountMax, terms: [...p.terms],
    rateMin: p.rateMin, rateMax: p.rateMax, repaymentMethods: [...p.repaymentMethods], channels: [...p.channels], sampleRate: p.sampleRate,
    validFrom: p.validFrom, validTo: p.validTo ?? undefined, preciseArchive: p.eligibility.preciseArchive, minGrade: p.eligibility.minGrade ?? undefined,
    noVeto: p.eligibility.noVeto, ageMin: p.eligibility.ageMin, ageMax: p.eligibility.ageMax, regions: p.eligibility.regions.join('\n'),
    processes: p.processes.map((b) => ({ maxAmount: b.maxAmount ?? undefined, processKey: b.processKey })),
  };
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

/** The form as `ProductInput` (the API validates and answers each problem on its field). */
export function productInput(v: ProductFormValues) {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    description: blank(v.description),
    amountMin: v.amountMin.trim(),
    amountMax: v.amountMax.trim(),
    terms: [...v.terms].sort((a, b) => a - b),
    rateMin: v.rateMin.trim(),
    rateMax: v.rateMax.trim(),
    repaymentMethods: v.repaymentMethods,
    channels: v.channels,
    sampleRate: v.sampleRate,
    validFrom: v.validFrom,
    validTo: blank(v.validTo),
    eligibility: {
      preciseArchive: v.preciseArchive,
      minGrade: blank(v.minGrade),
      noVeto: v.noVeto,
      ageMin: v.ageMin,
      ageMax: v.ageMax,
      regions: v.regions.split(/[\s,，、]+/).map((r) => r.trim()).filter(Boolean),
    },
    processes: v.processes.map((b) => ({ maxAmount: blank(b.maxAmount), processKey: b.processKey })),
  };
}

/** The bands' checks the form makes before sending: ascending upper limits, only the last open. */
export function bandProblems(processes: readonly { maxAmount?: string | null; processKey?: string | null }[]): Problem[] {
  const problems: Problem[] = [];
  if (!processes.length) return [{ field: 'processes', key: 'appr.product.bandsRequired' }];
  let previous = -1;
  processes.forEach((b, i) => {
    if (!b.processKey) problems.push({ field: `processes.${i}.processKey`, key: 'validation.required' });
    const last = i === processes.length - 1;
    const text = blank(b.maxAmount ?? null);
    if (text === null) {
      if (!last) problems.push({ field: `processes.${i}.maxAmount`, key: 'appr.product.bandOpenNotLast' });
      return;
    }
    const fen = toFen(text);
    if (fen === null) problems.push({ field: `processes.${i}.maxAmount`, key: 'appr.form.amountInvalid' });
    else if (fen <= previous) problems.push({ field: `processes.${i}.maxAmount`, key: 'appr.product.bandsAscending' });
    else previous = fen;
  });
  return problems;
}

/** "农e贷" for a product code, from the products read (the code itself when unknown). */
export function productName(products: readonly { code: string; name: string }[] | undefined, code: string): string {
  return products?.find((p) => p.code === code)?.name ?? code;
}

/** The step an application waits at: its open tasks' names ("—" when none). */
export function currentStep(tasks: readonly { name: string; status: string }[] | null | undefined): string {
  const open = (tasks ?? []).filter((task) => task.status === 'OPEN' || task.status === 'CLAIMED' || task.status === 'SUSPENDED');
  return open.length ? open.map((task) => task.name).join('、') : '—';
}
