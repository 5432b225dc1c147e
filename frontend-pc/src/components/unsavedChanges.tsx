// The unsaved-change warning of a long form. While `dirty`, the router's navigation blocker holds
// every in-app navigation (menu, links, back, the page's own cancel) until the user chooses to
// leave or stay, and the browser's beforeunload dialog covers closing or reloading the tab.
// `disarm()` before navigating after a successful save: that navigation does not warn.
import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router-dom';
import { App } from 'antd';
import { useI18n } from '../i18n';

/** Whether leaving `current` for `next` loses the form: another page, or the same one elsewhere. */
export function leavesForm(dirty: boolean, current: { pathname: string }, next: { pathname: string }): boolean {
  return dirty && current.pathname !== next.pathname;
}

export function useUnsavedChanges(dirty: boolean): { disarm: () => void } {
  const { modal } = App.useApp();
  const { t } = useI18n();
  const armed = useRef(dirty);
  armed.current = dirty;
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => leavesForm(armed.current, currentLocation, nextLocation),
    [],
  );
  const blocker = useBlocker(shouldBlock);
  const current = useRef(blocker);
  current.current = blocker;

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = modal.confirm({
      title: t('form.leaveTitle'),
      content: t('form.leaveBody'),
      okText: t('form.leave'),
      cancelText: t('form.stay'),
      okButtonProps: { danger: true, id: 'leave-confirm' },
      cancelButtonProps: { id: 'leave-cancel' },
      onOk: () => current.current.proceed?.(),
      onCancel: () => current.current.reset?.(),
    });
    return () => dialog.destroy();
  }, [blocker.state, modal, t]);

  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!armed.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, []);

  const disarm = useCallback(() => {
    armed.current = false;
  }, []);
  return { disarm };
}
