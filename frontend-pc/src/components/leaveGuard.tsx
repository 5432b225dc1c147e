// A warning before unsaved edits are lost. The workbench's router (BrowserRouter) cannot block a
// navigation, so while `active` the guard catches what leaves the page: closing or reloading the
// tab (the browser's own beforeunload dialog), and a click on a link or on an entry of the main
// menu (a confirmation; "leave" repeats the click without the guard). The page's own ways out
// (its back button) go through the returned `confirmLeave`.
import { useCallback, useEffect, useRef } from 'react';
import { App } from 'antd';
import { useI18n } from '../i18n';

/** What counts as leaving: links, and the main menu's entries. */
const LEAVING = 'a[href], [data-testid="main-menu"] [role="menuitem"]';

export function useLeaveGuard(active: boolean): (go: () => void) => void {
  const { modal } = App.useApp();
  const { t } = useI18n();
  const armed = useRef(active);
  armed.current = active;
  const asking = useRef(false);

  const ask = useCallback(
    (go: () => void) => {
      if (asking.current) return;
      asking.current = true;
      modal.confirm({
        title: t('scorecards.leaveTitle'),
        content: t('scorecards.leaveBody'),
        okText: t('scorecards.leave'),
        cancelText: t('scorecards.stay'),
        okButtonProps: { danger: true, id: 'leave-confirm' },
        onOk: () => {
          armed.current = false;
          go();
        },
        afterClose: () => {
          asking.current = false;
        },
      });
    },
    [modal, t],
  );

  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!armed.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    const click = (e: MouseEvent) => {
      if (!armed.current || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const target = (e.target as Element | null)?.closest?.(LEAVING) as HTMLElement | null;
      if (!target || (target instanceof HTMLAnchorElement && target.target === '_blank')) return;
      // Captured before React sees it: the link or menu entry does nothing until confirmed.
      e.preventDefault();
      e.stopPropagation();
      ask(() => target.click());
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [ask]);

  return useCallback((go: () => void) => (armed.current ? ask(go) : go()), [ask]);
}
