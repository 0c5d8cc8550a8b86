import type { LifespanError } from './errors.ts';
import type { Session } from './session.ts';

/** Why a session ended. */
export type SessionEndReason =
  /** The server refused the refresh token (expired, revoked, reused after rotation, the user's tokens expired). */
  | 'refresh_rejected'
  /** The access token ended and there is no refresh token to renew it. */
  | 'expired'
  /** logout() here, or in another tab. */
  | 'logged_out'
  /** A restored token that the server no longer accepts (authenticateWithToken with `check`). */
  | 'token_rejected';

export interface ClientEvents {
  tokenRefreshed: { session: Session };
  /** The access token has `refreshSkew` seconds left or less. */
  accessTokenExpiring: { expiresAt: number };
  accessTokenExpired: { expiresAt: number };
  /** A refresh could not be made (no answer, a 5xx): tokens are kept, and it is tried again. */
  refreshFailed: { error: LifespanError };
  sessionEnded: { reason: SessionEndReason; error?: LifespanError };
  /** The signed-in subject changed (undefined: nobody). */
  userChanged: { subject: string | undefined };
}

export type EventName = keyof ClientEvents;
type Handler<K extends EventName> = (event: ClientEvents[K]) => void;

/** A small typed emitter: a handler that throws does not stop the others. */
export class Emitter {
  private readonly handlers = new Map<EventName, Set<Handler<EventName>>>();

  on<K extends EventName>(name: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler as Handler<EventName>);
    return () => set.delete(handler as Handler<EventName>);
  }

  emit<K extends EventName>(name: K, event: ClientEvents[K]): void {
    for (const handler of this.handlers.get(name) ?? []) {
      try {
        handler(event);
      } catch (error) {
        console.error('@lifespan/client: an event handler threw', error);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}
