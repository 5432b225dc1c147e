import { useEffect, useState } from 'react';
import { sessionStore, type Session } from './api/session';
import { engine } from './lib/pad';
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
