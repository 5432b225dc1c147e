import { useEffect, useRef } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { sessionStore } from './api/session';
import { useOnline, useSession } from './hooks';
import { engine, refreshFromServer } from './lib/pad';
import { Shell } from './components/Shell';
import { LoginPage } from './pages/LoginPage';
import { WorkPage } from './pages/WorkPage';
import { ArchivePage } from './pages/ArchivePage';
import { ConflictPage } from './pages/ConflictPage';
import { ApplicationPage } from './pages/ApplicationPage';

/** While logged in: resume the queue after a reload, sync and refresh the cache whenever the
 * network is (back), and retry on a timer as a safety net. */
function useBackgroundSync(active: boolean, online: boolean) {
  const resumed = useRef(false);
  useEffect(() => {
    if (!active) return;
    const go = async () => {
      if (!resumed.current) {
        resumed.current = true;
        await engine.resume();
      }
      if (!navigator.onLine) return;
      await engine.retryNow();
      await refreshFromServer().catch((e) => console.warn('refresh failed', e));
    };
    void go();
  }, [active, online]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (navigator.onLine) void engine.run();
    }, 5_000);
    return () => clearInterval(timer);
  }, [active]);
}

export function App() {
  const session = useSession();
  const online = useOnline();
  useBackgroundSync(!!session, online);
  if (!session) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage expiredUser={sessionStore.expiredUser} />} />
      </Routes>
    );
  }
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<WorkPage />} />
        <Route path="/archives/:id" element={<ArchivePage />} />
        <Route path="/archives/:id/conflict" element={<ConflictPage />} />
        <Route path="/archives/:id/apply" element={<ApplicationPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Shell>
  );
}
