import { useQuery } from '@tanstack/react-query';
import { answered, api } from '../../api/client.ts';
import type { paths } from '../../api/management-api.ts';
import { instantText } from '../../format/instant.ts';

export type SigningKey =
  paths['/admin/v1/keys']['get']['responses'][200]['content']['application/json']['items'][number];

/** A key's state changes with time alone (next → active → retired → expired): the list is read again often. */
const REREAD_MS = 30_000;

export const useSigningKeys = () =>
  useQuery({
    queryKey: ['keys'],
    queryFn: () => answered(api.GET('/admin/v1/keys')),
    refetchInterval: REREAD_MS,
  });

export interface KeyState {
  label: string;
  badge: 'badge-success' | 'badge-warning' | 'badge-danger' | 'badge-info' | '';
}

/** The state as a person reads it; an active key with a successor already waiting is "retiring". */
export function keyState(key: SigningKey): KeyState {
  switch (key.status) {
    case 'next':
      return { label: 'Next', badge: 'badge-info' };
    case 'active':
      return key.retiredAt === null
        ? { label: 'Active', badge: 'badge-success' }
        : { label: 'Active, retiring', badge: 'badge-warning' };
    case 'retired':
      return { label: 'Retired', badge: '' };
    case 'expired':
      return { label: 'Expired', badge: '' };
    case 'revoked':
      return { label: 'Revoked', badge: 'badge-danger' };
    default:
      return { label: key.status, badge: '' };
  }
}

/** What the key signs and verifies now, and until when. */
export function keyRole(key: SigningKey): string {
  const signed = 'ID tokens and JWT access tokens';
  switch (key.status) {
    case 'next':
      return `Published, so verifiers know it; signs new ${signed} from ${instantText(key.activatesAt)}.`;
    case 'active':
      return key.retiredAt === null
        ? `Signs every new ${signed}.`
        : `Signs new ${signed} until ${instantText(key.retiredAt)}; then verifies only.`;
    case 'retired':
      return key.publishedUntil === null
        ? 'Signs nothing; verifies what it signed for as long as it stays published.'
        : `Signs nothing; verifies what it signed until ${instantText(key.publishedUntil)}.`;
    case 'expired':
      return 'Signs and verifies nothing: every token it signed has expired, and it is no longer published.';
    case 'revoked':
      return `Withdrawn ${instantText(key.revokedAt)}: nothing it signed verifies any more.`;
    default:
      return '';
  }
}

/** The key that signs now for an algorithm (the newest active one). */
export const signingKeyOf = (keys: readonly SigningKey[], algorithm: string): SigningKey | undefined =>
  keys
    .filter((k) => k.algorithm === algorithm && k.status === 'active')
    .sort((a, b) => b.activatesAt.localeCompare(a.activatesAt))[0];

/** The key of an algorithm published ahead of signing, if one waits. */
export const waitingKeyOf = (keys: readonly SigningKey[], algorithm: string): SigningKey | undefined =>
  keys.find((k) => k.algorithm === algorithm && k.status === 'next');

/** The key that signed the console's own sign-in (the kid in its access token's JOSE header), if it is a JWT. */
export function consoleSignInKid(accessToken: string | undefined): string | undefined {
  const [header, payload, signature] = accessToken?.split('.') ?? [];
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  try {
    const decoded: unknown = JSON.parse(atob(header.replaceAll('-', '+').replaceAll('_', '/')));
    const kid =
      typeof decoded === 'object' && decoded !== null ? (decoded as { kid?: unknown }).kid : undefined;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
