import type { PolicyDecision, PolicyResolver } from '../policy/policy-resolver.ts';
import type { User } from './user.ts';

/** The policy a user is under outside any client: account validity, sessions, password-change rules. */
export const userPolicy = (resolver: PolicyResolver, user: User): Promise<PolicyDecision> =>
  resolver.resolve({
    tenantId: user.tenantId,
    subjectClass: user.subjectClass,
    scopes: [],
    user: { id: user.id, policy: user.policy },
  });
