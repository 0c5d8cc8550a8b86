import { useQuery } from '@tanstack/react-query';
import { ErrorNotice, Loading } from '../../components/states.tsx';
import { type ExpiryTarget, impactOf } from './expire-tokens.ts';

const ISSUED_WHERE: Record<ExpiryTarget['level'], string> = {
  service: 'by the service',
  tenant: 'in the tenant and its sub-tenants',
  client: 'to the client',
};

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What expiring the level ends, counted by the server now (a dry run), before the administrator confirms. */
export function useExpiryImpact(target: ExpiryTarget, asked: number) {
  return useQuery({
    queryKey: ['expiry-impact', target, asked],
    queryFn: () => impactOf(target),
    enabled: asked > 0,
    staleTime: 0,
    gcTime: 0,
  });
}

export function ExpiryImpact({
  target,
  impact,
}: {
  target: ExpiryTarget;
  impact: ReturnType<typeof useExpiryImpact>;
}) {
  if (impact.isPending) return <Loading label="Counting what lives under it…" />;
  if (impact.isError)
    return <ErrorNotice error={impact.error} title="What it would end could not be counted" />;
  const { liveRefreshFamilies, liveSessions } = impact.data;
  return (
    <>
      <p>Ends now, at once:</p>
      <ul className="danger-impact">
        <li>
          Every access token and ID token issued {ISSUED_WHERE[target.level]} until now: introspection answers
          them inactive and the service refuses them.
        </li>
        <li>
          <strong>
            {counted(liveRefreshFamilies, 'live refresh-token family', 'live refresh-token families')}
          </strong>
          : {liveRefreshFamilies === 1 ? 'its refresh tokens stop' : 'their refresh tokens stop'} working, so
          applications must sign their users in again.
        </li>
        <li>
          {target.level === 'client' ? (
            'No session: a login session is the user’s, not one client’s, and stays.'
          ) : (
            <>
              <strong>{counted(liveSessions, 'live session', 'live sessions')}</strong>: the next sign-in asks
              for the password again.
            </>
          )}
        </li>
      </ul>
      {target.level === 'service' && (
        <p>Your own console sign-in ends too: you will be asked to sign in again.</p>
      )}
      <p>Tokens issued from now on are not affected. This cannot be undone.</p>
    </>
  );
}
