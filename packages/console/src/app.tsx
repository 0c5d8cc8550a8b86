import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { SessionProvider, useSession } from './auth/session.tsx';
import { Loading } from './components/states.tsx';
import { ConsoleRoutes } from './console-routes.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

const queries = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
  },
});

/** The router starts only once signed in, at the address the sign-in came back to. */
function Gate() {
  const { state } = useSession();
  if (state.kind === 'starting') return <Loading label="Signing in…" />;
  if (state.kind === 'signed-out') {
    queries.clear();
    return <SignInPage {...(state.reason !== undefined && { reason: state.reason })} />;
  }
  return (
    <BrowserRouter basename="/console">
      <ConsoleRoutes />
    </BrowserRouter>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queries}>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </QueryClientProvider>
  );
}
