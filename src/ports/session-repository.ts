import type { Instant } from '../domain/clock.ts';
import type { Session } from '../domain/sessions/session.ts';

export interface SessionRepository {
  insert(session: Session): Promise<void>;
  findBySecretHash(secretHash: string): Promise<Session | undefined>;
  get(id: string): Promise<Session | undefined>;
  touch(id: string, at: Instant): Promise<void>;
  /** Ends one session; false when it had already ended. */
  end(id: string, at: Instant): Promise<boolean>;
  endAllOfUser(userId: string, at: Instant): Promise<number>;
}
