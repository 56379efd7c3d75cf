/** Who is logged in: the `me` query, shared by every page, and the actions that change it. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { ApiError, api, type Me, setCsrfToken, unwrap } from '../api/client';

export const meQueryKey = ['me'] as const;

/** null when nobody is logged in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/api/auth/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMeQuery(enabled: boolean) {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, enabled, staleTime: 60_000 });
}

const SessionContext = createContext<Me | null>(null);

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <SessionContext.Provider value={me}>{children}</SessionContext.Provider>;
}

/** The logged-in user; only used below the authenticated shell, where there always is one. */
export function useMe(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe() used outside the logged-in part of the app');
  return me;
}

/** After login, set-up or logout: store the new session and let every page refetch. */
export function useSessionChanged() {
  const queryClient = useQueryClient();
  return (me: Me | null) => {
    setCsrfToken(me?.csrfToken ?? null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'setup' });
    queryClient.setQueryData(meQueryKey, me);
  };
}
