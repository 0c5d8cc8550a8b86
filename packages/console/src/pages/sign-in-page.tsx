import { useSession } from '../auth/session.tsx';

/** The console's front door: sign-in happens on the server's own page (the authorization code flow). */
export function SignInPage({ reason }: { reason?: string }) {
  const { signIn } = useSession();
  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1>Lifespan console</h1>
        <p>Every token lifetime, where it is set and why, for the tenants you administer.</p>
        {reason !== undefined && (
          <p className="notice notice-warning" role="alert">
            {reason}
          </p>
        )}
        <button type="button" className="button button-primary" onClick={signIn}>
          Sign in
        </button>
        <p className="muted">
          No administrator yet? On the server, run <code>npx lifespan admin create --username you</code>.
        </p>
      </div>
    </main>
  );
}
