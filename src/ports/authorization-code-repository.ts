import type { Instant } from '../domain/clock.ts';
import type { AuthorizationCode } from '../domain/grants/authorization-code.ts';

export interface AuthorizationCodeRepository {
  insert(code: AuthorizationCode): Promise<void>;
  /** Marks the code consumed and returns it, exactly once; undefined when unknown or already consumed. */
  consume(hash: string, at: Instant): Promise<AuthorizationCode | undefined>;
  /** The code whatever its state, to react to a second use (RFC 6749 §4.1.2). */
  find(hash: string): Promise<AuthorizationCode | undefined>;
  /** Records the grant the code's exchange created. */
  attachGrant(hash: string, grantId: string): Promise<void>;
}
