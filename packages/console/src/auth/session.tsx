import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { onSessionEnd } from '../api/client.ts';
import { beginSignIn, completeSignIn, signOut } from './sign-in.ts';
import { setTokens, tokens } from './token-store.ts';

export type SessionState =
  | { kind: 'starting' }
  | { kind: 'signed-in' }
  | { kind: 'signed-out'; reason?: string };

interface SessionApi {
  state: SessionState;
  signIn(): void;
  signOut(): void;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

const here = () => `${window.location.pathname}${window.location.search}`;
const CALLBACK = '/console/callback';

/**
 * Where the console's sign-in stands. On load: the redirect back from the authorization server is redeemed;
 * otherwise a silent sign-in (prompt=none) resumes a live login session — tokens live in memory, so every
 * reload passes here. When the server ends the session, the console shows its sign-in page with the reason.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'starting' });

  useEffect(() => {
    onSessionEnd((reason) => {
      setTokens(undefined);
      setState({ kind: 'signed-out', reason });
    });
    const url = new URL(window.location.href);
    if (url.pathname === CALLBACK) {
      void completeSignIn(url).then((outcome) => {
        if (outcome.kind === 'signed-in') {
          window.history.replaceState(null, '', outcome.returnTo);
          setState({ kind: 'signed-in' });
        } else {
          window.history.replaceState(null, '', '/console/');
          setState(
            outcome.kind === 'failed'
              ? { kind: 'signed-out', reason: outcome.message }
              : { kind: 'signed-out' },
          );
        }
      });
    } else if (tokens()) {
      setState({ kind: 'signed-in' });
    } else {
      void beginSignIn({ silent: true, returnTo: here() }).catch((error: unknown) =>
        setState({ kind: 'signed-out', reason: `The server cannot be reached: ${String(error)}` }),
      );
    }
  }, []);

  const signIn = useCallback(() => {
    void beginSignIn({ silent: false, returnTo: here() === CALLBACK ? '/console/' : here() });
  }, []);
  const end = useCallback(() => {
    void signOut();
  }, []);

  return (
    <SessionContext.Provider value={{ state, signIn, signOut: end }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
