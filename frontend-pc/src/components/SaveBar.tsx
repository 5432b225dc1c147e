// The save bar of every long editor (docs/screens.md, "Long forms"): the editor's buttons, and
// whether there is anything unsaved ("有未保存的修改", "尚未修改", or "所有修改已保存" once saved in
// this visit). On a page it sticks to the bottom of the window while the form scrolls; in a drawer
// it is the drawer's footer. It is a labelled region after the form in the tab order (Tab from the
// last field reaches its buttons) and its state is announced politely.
import type { ReactNode } from 'react';
import { Badge, Space } from 'antd';
import { useI18n } from '../i18n';
import './SaveBar.css';

export interface SaveBarProps {
  /** The test ids' prefix: `${name}-save-bar`, `${name}-dirty`, `${name}-clean`. */
  name: string;
  /** The form differs from what was loaded or last saved. */
  dirty: boolean;
  /** Saved in this visit: clean says "所有修改已保存" rather than "尚未修改". */
  saved?: boolean;
  /** More about the form's state, after the indicator (its version, the card's best score ...). */
  status?: ReactNode;
  /** `page`: sticky at the window's bottom; `footer`: a drawer's footer. */
  placement?: 'page' | 'footer';
  /** The buttons (cancel, save ...), right-aligned. */
  children: ReactNode;
}

export function SaveBar({ name, dirty, saved = false, status, placement = 'page', children }: SaveBarProps) {
  const { t } = useI18n();
  return (
    <div
      className={placement === 'page' ? 'cic-sticky-bar cic-save-bar' : 'cic-save-bar'}
      role="region"
      aria-label={t('form.saveBar')}
      data-testid={`${name}-save-bar`}
      data-dirty={dirty || undefined}
    >
      <span className="cic-save-bar-status">
        <span aria-live="polite">
          {dirty ? (
            <Badge status="warning" text={t('form.dirty')} data-testid={`${name}-dirty`} />
          ) : (
            <Badge status="success" text={t(saved ? 'form.saved' : 'form.clean')} data-testid={`${name}-clean`} />
          )}
        </span>
        {status}
      </span>
      <Space wrap>{children}</Space>
    </div>
  );
}
