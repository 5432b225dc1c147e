// Jump to a section of a long form (docs/screens.md, "Long forms"): the archive form's section nav,
// shared by the long editors. A column beside the form lists its sections (cards whose element id
// is `sectionId(key)`) and stays in view while the form scrolls; a click scrolls to the section
// and puts the cursor in its first field; the section in view is marked as the form scrolls. An
// editor in a drawer has the same nav as a row at the top of the drawer.
import { useState, type ReactNode } from 'react';
import { Anchor, Typography } from 'antd';
import { useI18n } from '../i18n';
import './SaveBar.css';

export interface FormSection {
  key: string;
  title: ReactNode;
}

/** A section's element id: the card the nav scrolls to. */
export const sectionId = (key: string) => `section-${key}`;

/** What the cursor can go to in a section: fields and switches that are not disabled. */
export const FOCUSABLE = 'input:not([disabled]):not([type="hidden"]), textarea:not([disabled]), button[role="switch"]:not([disabled])';

/** Put the cursor in a section's first field (the Anchor scrolls to the section itself). */
export function focusSection(key: string) {
  document.getElementById(sectionId(key))?.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
}

/** The nav: entries `jump-${key}` (the one in view `data-active`), in a `<nav>` named 跳转到. `side`:
 * a column beside a page's form, in view as the window scrolls (affixed); `top`: a row stuck to the
 * top of a drawer's body, which scrolls on its own (`container`). */
export function SectionNav({
  sections,
  testId = 'form-sections',
  layout = 'side',
  container,
}: {
  sections: readonly FormSection[];
  testId?: string;
  layout?: 'side' | 'top';
  container?: () => HTMLElement | null;
}) {
  const { t } = useI18n();
  const [active, setActive] = useState(sections[0]?.key);
  const keyOf = (href: string) => href.replace('#section-', '');
  const side = layout === 'side';
  return (
    <nav aria-label={t('form.sections')} data-testid={testId} className={side ? 'cic-section-nav' : 'cic-section-nav cic-section-nav-top'}>
      <Typography.Text type="secondary">{t('form.sections')}</Typography.Text>
      <Anchor
        direction={side ? 'vertical' : 'horizontal'}
        offsetTop={side ? 16 : 0}
        targetOffset={side ? 16 : 56}
        affix={side}
        getContainer={container ? () => container() ?? window : undefined}
        onChange={(href) => href && setActive(keyOf(href))}
        onClick={(e, link) => {
          e.preventDefault();
          const key = keyOf(link.href);
          setActive(key);
          focusSection(key);
        }}
        items={sections.map((s) => ({
          key: s.key,
          href: `#${sectionId(s.key)}`,
          title: (
            <span data-testid={`jump-${s.key}`} data-active={active === s.key || undefined}>
              {s.title}
            </span>
          ),
        }))}
      />
    </nav>
  );
}

/** The scrolling body of the drawer that holds `key`'s section (a top nav's container). */
export const drawerBodyOf = (key: string) => () => document.getElementById(sectionId(key))?.closest<HTMLElement>('.ant-drawer-body') ?? null;
