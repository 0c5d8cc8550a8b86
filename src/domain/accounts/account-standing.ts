import type { UserRepository } from '../../ports/user-repository.ts';
import type { Clock } from '../clock.ts';
import type { PolicyResolver } from '../policy/policy-resolver.ts';
import { accountExpired } from './account-validity.ts';
import type { User } from './user.ts';
import { userPolicy } from './user-policies.ts';

/** Whether an account may still log in and hold tokens: it exists and has not expired. */
export class AccountStanding {
  constructor(
    private readonly clock: Clock,
    private readonly users: UserRepository,
    private readonly resolver: PolicyResolver,
  ) {}

  async usable(user: User): Promise<boolean> {
    const { settings } = await userPolicy(this.resolver, user);
    return !accountExpired(user, settings.accountValidity, this.clock.now());
  }

  /** The user of a grant when the grant is unrevoked and the account usable; read fresh on every call. */
  async ofGrant(grantId: string): Promise<{ user: User; grantCreatedAt: number } | undefined> {
    const standing = await this.users.grantStanding(grantId);
    if (!standing) return undefined;
    const user = await this.holder(standing.grantRevokedAt, standing.user);
    return user && { user, grantCreatedAt: standing.grantCreatedAt };
  }

  /** The same judgement on a grant and user the caller has just read (the refresh grant reads them together). */
  async holder(grantRevokedAt: number | null, user: User | undefined): Promise<User | undefined> {
    if (!user || grantRevokedAt !== null) return undefined;
    return (await this.usable(user)) ? user : undefined;
  }
}
