// What every screen the browser tests picture must pass (issue 18, "Both"): no raw code or
// English string in the Chinese UI, and no serious or critical accessibility violation.
//
// `auditScreen` runs where a test takes a screenshot for docs/screenshots/ (each app's
// support.ts `screenshot`), so every main screen of every browser test is checked, the ones
// written later included. Typed structurally, so this file needs no package (like api.ts); the
// apps hand it axe-core's source from their own node_modules.
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface PageLike {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: string): Promise<R>;
  url(): string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Every value of every enum of the schema that a screen could print instead of its label.
 * Values of three letters or fewer are left out: rating grades (A, AA, BBB ...) and channel names
 * (PC, POS) are how staff say them. */
function schemaEnumValues(): Set<string> {
  const sdl = readFileSync(path.resolve(here, '..', 'schema', 'schema.graphql'), 'utf8');
  const values = new Set<string>(['SYSTEM']); // the actor of what no person did (history, audit)
  for (const block of sdl.matchAll(/enum \w+ \{([^}]*)\}/g)) {
    for (const line of block[1].split('\n')) {
      const value = line.trim();
      if (/^[A-Z][A-Z0-9_]*$/.test(value) && value.length > 3 && value !== 'PAD') values.add(value);
    }
  }
  return values;
}

const ENUM_VALUES = schemaEnumValues();
/** An error code or enum name: two or more upper-case words joined by underscores (a part of
 * digits only, as in a delivery's file name FJ-FZ_LOAN_20261203.dat, makes it data, not a code). */
const CODE = /\b[A-Z][A-Z0-9]*(?:_[A-Z][A-Z0-9]*)+\b/;
/** What a missing value or a failed format prints. */
const PLACEHOLDER = /(?:^|[\s：:（(])(null|undefined|NaN|\[object Object\]|Invalid Date)(?:$|[\s）),，])/;
/** English words of the component libraries' default locales (antd, antd-mobile): a text node that
 * is only one of them means a component was left in English. */
const LIBRARY_ENGLISH = new Set([
  'Cancel', 'OK', 'Ok', 'Confirm', 'Submit', 'Search', 'Reset', 'No data', 'No Data', 'Loading', 'Loading...', 'Close',
  'Select', 'Upload', 'Delete', 'Edit', 'Save', 'Back', 'Done', 'Retry', 'Yes', 'No', 'Clear', 'Today', 'Now',
  'Filter', 'Expand', 'Collapse', 'Previous Page', 'Next Page', 'Jump to', 'Go to', 'Select date', 'Start date', 'End date',
]);

export interface ScreenTextProblem {
  text: string;
  why: string;
}

/** The problems in a screen's visible texts (pure, so its unit test needs no browser). */
export function textProblems(texts: string[], messageKeys: ReadonlySet<string> = new Set()): ScreenTextProblem[] {
  const problems: ScreenTextProblem[] = [];
  for (const raw of texts) {
    const text = raw.trim();
    if (!text) continue;
    const code = CODE.exec(text);
    if (code) problems.push({ text, why: `code ${code[0]}` });
    const word = text.split(/[^A-Z0-9_]+/).find((w) => ENUM_VALUES.has(w));
    if (word && !code) problems.push({ text, why: `enum value ${word}` });
    const placeholder = PLACEHOLDER.exec(text);
    if (placeholder) problems.push({ text, why: `placeholder ${placeholder[1]}` });
    if (LIBRARY_ENGLISH.has(text) || /\d+ \/ page\b/.test(text)) problems.push({ text, why: 'component text in English' });
    if (messageKeys.has(text)) problems.push({ text, why: 'untranslated message key' });
  }
  return problems;
}

/** The screen's visible texts: text nodes, and the placeholder, title and aria-label attributes of
 * visible elements (what a reader or a screen reader meets). */
function visibleTexts(page: PageLike): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const shown = (el: Element) =>
      (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || el.closest('script, style, noscript, svg, [data-audit-ignore]') || !shown(el)) continue;
      const text = node.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]'))) {
      if (el.closest('[data-audit-ignore]') || !shown(el)) continue;
      for (const name of ['placeholder', 'title', 'aria-label']) {
        const value = el.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  }, undefined);
}

/**
 * Violations that are the component library's, not ours, each with its upstream report; a node of
 * one of them is left out of the verdict, every other node of the same rule still counts.
 */
const KNOWN_LIBRARY_VIOLATIONS: { rule: string; html: RegExp; why: string }[] = [
  {
    rule: 'aria-required-children',
    html: /^<div role="tablist"[^>]*class="ant-tabs-nav"/,
    why: 'Ant Design Tabs renders its overflow ("more") button and extra content inside role=tablist: react-component/tabs#1013, ant-design#49502',
  },
];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/** axe-core's serious and critical violations of WCAG 2.1 A and AA on the page as it is. */
async function accessibilityViolations(page: PageLike, axeSource: string): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined', undefined);
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy (no inline or
  // foreign scripts) does not stop it and the app itself is not loosened for the test.
  if (!loaded) await page.evaluate<void>(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Toasts are left out: they fade in and out, and axe measures their contrast mid-fade.
    const result = await axe.run({ exclude: [['.ant-message'], ['.adm-toast-wrap']] }, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), failureSummary: (n as { failureSummary?: string }).failureSummary })),
    }));
  }, undefined);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !KNOWN_LIBRARY_VIOLATIONS.some((k) => k.rule === v.id && k.html.test(n.html))) }))
    .filter((v) => v.nodes.length > 0);
}

export interface AuditOptions {
  /** axe-core's source (`axe.min.js`), read by the app from its node_modules. */
  axeSource: string;
  /** The app's message keys: a key shown as text is a missing translation. */
  messageKeys?: ReadonlySet<string>;
  /** The localStorage key holding the app's locale: the text scan applies to the Chinese UI only. */
  localeKey: string;
}

/** Throw, naming each problem, when the screen shows a code or an English string in the Chinese UI
 * or has a serious or critical accessibility violation. */
export async function auditScreen(page: PageLike, name: string, options: AuditOptions): Promise<void> {
  const english = await page.evaluate((key: string) => localStorage.getItem(key) === 'en', options.localeKey);
  const problems = english ? [] : textProblems(await visibleTexts(page), options.messageKeys);
  const violations = await accessibilityViolations(page, options.axeSource);
  if (!problems.length && !violations.length) return;
  const lines = [
    `screen "${name}" (${page.url()}):`,
    ...problems.map((p) => `  text "${p.text.slice(0, 80)}": ${p.why}`),
    ...violations.map(
      (v) =>
        `  axe ${v.impact} ${v.id} (${v.help}): ${v.nodes
          .slice(0, 4)
          .map((n) => `${JSON.stringify(n.target)} ${n.html} [${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}]`)
          .join(' | ')}`,
    ),
  ];
  // CIC_AUDIT_LOG=FILE: collect every screen's problems in one run instead of stopping at the first
  // (for fixing them in bulk; `make test` never sets it).
  if (process.env.CIC_AUDIT_LOG) appendFileSync(process.env.CIC_AUDIT_LOG, `${lines.join('\n')}\n`);
  else throw new Error(lines.join('\n'));
}
