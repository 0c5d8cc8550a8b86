import type { Instant } from '../domain/clock.ts';
import type { Session } from '../domain/sessions/session.ts';
import type { PageQuery } from './tenant-repository.ts';

/** Which of a user's unended sessions are still alive: active after one instant, begun after another. */
export interface LiveSessionFilter {
  /** Idle end: the session was last used after this instant (null: no idle limit). */
  activeAfter: Instant | null;
  /** Maximum lifetime and not-befores: the login happened after this instant (null: no limit). */
  authenticatedAfter: Instant | null;
}

export interface SessionRepository {
  insert(session: Session): Promise<void>;
  findBySecretHash(secretHash: string): Promise<Session | undefined>;
  get(id: string): Promise<Session | undefined>;
  touch(id: string, at: Instant): Promise<void>;
  /** Ends one session; false when it had already ended. */
  end(id: string, at: Instant): Promise<boolean>;
  endAllOfUser(userId: string, at: Instant): Promise<number>;
  /** The user's sessions that have not ended and pass the filter, by id (keyset paging). */
  listLiveOfUser(userId: string, filter: LiveSessionFilter, page: PageQuery): Promise<Session[]>;
}
