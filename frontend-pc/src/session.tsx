import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Capture } from '@cic/shared/fingerprint';
import { tokenStore } from './api/auth';
import { client } from './api/client';
import { MeQuery } from './api/operations';
import type { MeQuery as MeResult } from './gql/graphql';
import type { Permission } from './permissions';

type Me = MeResult['me'];

interface Session {
  loggedIn: boolean;
  me: Me | null;
  roles: string[];
  /** What the caller may do (`me.permissions`, the API's one table). */
  permissions: Permission[];
  /** Whether the caller holds any of these permissions. */
  can: (...permissions: Permission[]) => boolean;
  login: (username: string, password: string) => Promise<void>;
  loginWithFingerprint: (username: string, capture: Capture) => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [loggedIn, setLoggedIn] = useState(() => tokenStore.current !== null);
  useEffect(() => {
    tokenStore.schedule();
    return tokenStore.subscribe((tokens) => {
      setLoggedIn(tokens !== null);
      if (tokens === null) queries.clear();
    });
  }, [queries]);
  const me = useQuery({
    queryKey: ['me'],
    queryFn: () => client.request(MeQuery),
    enabled: loggedIn,
    staleTime: Infinity,
  });
  const roles = me.data?.me.roles ?? [];
  const permissions = me.data?.me.permissions ?? [];
  const value: Session = {
    loggedIn,
    me: me.data?.me ?? null,
    roles,
    permissions,
    can: (...wanted) => wanted.some((p) => permissions.includes(p)),
    login: async (username, password) => {
      queries.clear();
      await tokenStore.login(username, password);
    },
    loginWithFingerprint: async (username, capture) => {
      queries.clear();
      await tokenStore.loginWithFingerprint(username, capture);
    },
    logout: async () => {
      await tokenStore.logout();
      queries.clear();
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
