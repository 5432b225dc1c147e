import { useEffect, useState, useSyncExternalStore } from 'react';
import { sessionStore, type Session } from './api/session';
import { archiveStore, engine } from './lib/pad';
import type { ArchiveEditor, EditorState } from './lib/store';
import type { SyncStatus } from './lib/sync';

export function useSession(): Session | null {
  const [session, setSession] = useState(sessionStore.current);
  useEffect(() => sessionStore.subscribe(setSession), []);
  return session;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

export function useSyncStatus(): SyncStatus {
  const [status, setStatus] = useState(engine.status);
  useEffect(() => {
    const unsubscribe = engine.subscribe(setStatus);
    return () => {
      unsubscribe();
    };
  }, []);
  return status;
}

/** The archive's editor (the one owner of what is typed into it) and its state, held while
 * the screen shows it. */
export function useArchiveEditor(id: string): [EditorState, ArchiveEditor] {
  const editor = archiveStore.editor(id);
  useEffect(() => {
    archiveStore.retain(editor);
    return () => archiveStore.release(editor);
  }, [editor]);
  const state = useSyncExternalStore(editor.subscribe, editor.getState);
  return [state, editor];
}
