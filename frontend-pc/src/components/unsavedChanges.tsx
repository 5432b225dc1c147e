// The unsaved-change warning of a long form, the one mechanism of every editor (docs/screens.md,
// "Long forms"). While `dirty`, the router's navigation blocker holds every in-app navigation
// (menu, links, back, the page's own cancel) until the user chooses to leave or stay, and the
// browser's beforeunload dialog covers closing or reloading the tab. An editor in a drawer closes
// through `confirmLeave(close)`: the same question, since closing it loses the edits too.
// `disarm()` after a successful save (or a deletion): the navigation that follows does not warn, and
// the warning is armed again by the next edit once the form is clean.
//
// `dirty` is "the form differs from what was loaded (or last saved)": `sameValues` compares the two
// as staff see them (an emptied field equals one never filled).
import { useCallback, useEffect, useRef } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router-dom';
import { App } from 'antd';
import { useI18n, type MessageKey } from '../i18n';

/** Whether leaving `current` for `next` loses the form: another page, or the same one elsewhere. */
export function leavesForm(dirty: boolean, current: { pathname: string }, next: { pathname: string }): boolean {
  return dirty && current.pathname !== next.pathname;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** A form value with what a cleared field leaves behind (undefined, null, '', [], {}) dropped. */
function compact(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => compact(v) ?? null);
    return items.length ? items : undefined;
  }
  if (isPlain(value)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, compact(v)] as const)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') return (value as { toJSON: () => unknown }).toJSON(); // dates, dayjs
  return value;
}

/** Whether two forms' values are the same to the user: key order, and empty versus never filled, do not count. */
export function sameValues(a: unknown, b: unknown): boolean {
  return JSON.stringify(compact(a)) === JSON.stringify(compact(b));
}

/** Rows as compared for unsaved changes: without their React keys (new ones on every load). */
export function withoutKeys<T>(value: T): unknown {
  return value === null || value === undefined ? value : JSON.parse(JSON.stringify(value, (k, v) => (k === 'key' ? undefined : v)));
}

export interface UnsavedChanges {
  /** Before the navigation that follows a successful save: it does not ask. */
  disarm: () => void;
  /** A way out the router does not see (closing a drawer): asks first while dirty, else goes. */
  confirmLeave: (go: () => void) => void;
}

/** The leave warning while `dirty`; `body` says what has the unsaved changes (the archive by default). */
export function useUnsavedChanges(dirty: boolean, body: MessageKey = 'form.leaveBody'): UnsavedChanges {
  const { modal } = App.useApp();
  const { t } = useI18n();
  // Disarmed by a save until the form is clean again (a render may come between the save and its
  // navigation, e.g. while the lists refetch, with the form still different from the baseline).
  const disarmed = useRef(false);
  if (!dirty) disarmed.current = false;
  const armed = useRef(dirty);
  armed.current = dirty && !disarmed.current;
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => leavesForm(armed.current, currentLocation, nextLocation),
    [],
  );
  const blocker = useBlocker(shouldBlock);
  const current = useRef(blocker);
  current.current = blocker;

  /** The question: leave (discarding the edits) or stay (keeping them). */
  const ask = useCallback(
    (leave: () => void, stay: () => void) =>
      modal.confirm({
        title: t('form.leaveTitle'),
        content: t(body),
        okText: t('form.leave'),
        cancelText: t('form.stay'),
        okButtonProps: { danger: true, id: 'leave-confirm' },
        cancelButtonProps: { id: 'leave-cancel' },
        onOk: leave,
        onCancel: stay,
      }),
    [modal, t, body],
  );

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    const dialog = ask(
      () => current.current.proceed?.(),
      () => current.current.reset?.(),
    );
    return () => dialog.destroy();
  }, [blocker.state, ask]);

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
    disarmed.current = true;
    armed.current = false;
  }, []);
  const asking = useRef(false);
  const confirmLeave = useCallback(
    (go: () => void) => {
      if (!armed.current) return go();
      if (asking.current) return; // a second click on the close button while the question is open
      asking.current = true;
      ask(
        () => {
          asking.current = false;
          armed.current = false;
          go();
        },
        () => {
          asking.current = false;
        },
      );
    },
    [ask],
  );
  return { disarm, confirmLeave };
}
