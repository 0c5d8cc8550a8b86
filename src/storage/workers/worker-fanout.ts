import type { Announcement } from '../announcement.ts';
import { isPrimaryMessage, type WorkerMessage } from './relay-messages.ts';

/** Longer than the primary's own bound, so that its answer normally comes first. */
const ANSWER_BOUND_MS = 10_000;

/**
 * A worker's side of the primary's relay (see primary-relay.ts): announces this worker's changes and waits
 * until every other worker has applied them, and applies theirs.
 */
export class WorkerFanout {
  private lastId = 0;
  private readonly waiting = new Map<number, () => void>();
  private handle: (announcement: Announcement) => Promise<void> | void = () => undefined;
  private joined: () => void = () => undefined;

  private readonly onMessage = (message: unknown) => {
    if (!isPrimaryMessage(message)) return;
    if (message.relay === 'joined') this.joined();
    else if (message.relay === 'delivered') this.waiting.get(message.id)?.();
    else {
      const { id, announcement } = message;
      // answered even when applying failed (the store did not answer): the primary must not wait for this worker
      // in vain, and the configuration poll (CHANGE_POLL_INTERVAL) still brings the change
      void Promise.resolve()
        .then(() => this.handle(announcement))
        .catch(() => undefined)
        .finally(() => this.send({ relay: 'applied', id }));
    }
  };

  constructor(private readonly bound = ANSWER_BOUND_MS) {
    process.on('message', this.onMessage);
  }

  /** Resolves once every other worker has applied the change (or the bound has passed). */
  announce(announcement: Announcement): Promise<void> {
    const id = ++this.lastId;
    return this.answered(
      (done) => this.waiting.set(id, done),
      () => this.waiting.delete(id),
      { relay: 'announce', id, announcement },
    );
  }

  /** Joins the relay: once this resolves, every change another worker announces is handled here. */
  listen(handle: (announcement: Announcement) => Promise<void> | void): Promise<void> {
    this.handle = handle;
    return this.answered(
      (done) => {
        this.joined = done;
      },
      () => {
        this.joined = () => undefined;
      },
      { relay: 'join' },
    );
  }

  close(): void {
    process.off('message', this.onMessage);
    for (const done of [...this.waiting.values()]) done();
  }

  /** Sends `message` and resolves when the primary answers it, or as soon as it cannot reach the primary. */
  private answered(
    expect: (done: () => void) => void,
    forget: () => void,
    message: WorkerMessage,
  ): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        forget();
        resolve();
      };
      const timer = setTimeout(done, this.bound);
      timer.unref();
      expect(done);
      this.send(message, done);
    });
  }

  /** `unreachable` runs when the message cannot reach the primary (no channel, or the channel closed). */
  private send(message: WorkerMessage, unreachable: () => void = () => undefined): void {
    if (process.send === undefined || !process.connected) {
      unreachable();
      return;
    }
    try {
      process.send(message, undefined, {}, (error: Error | null) => {
        if (error) unreachable();
      });
    } catch {
      unreachable();
    }
  }
}
