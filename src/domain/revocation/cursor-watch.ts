/**
 * Wakes long-polling feed readers when the feed's latest sequence number passes theirs. One shared poll of the
 * store runs only while someone waits, so it sees events appended by any process or instance on the same
 * database (no Redis needed), at most `intervalMs` late; nobody waiting costs nothing.
 */
export class CursorWatch {
  private readonly waiters = new Set<{ after: number; wake: () => void }>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;
  private closed = false;

  constructor(
    private readonly latest: () => Promise<number>,
    private readonly intervalMs: number,
  ) {}

  /** Resolves when the latest sequence number is past `after`, after `timeoutMs`, or when the watch closes. */
  wait(after: number, timeoutMs: number): Promise<void> {
    if (this.closed || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        after,
        wake: () => {
          clearTimeout(timeout);
          this.waiters.delete(waiter);
          if (this.waiters.size === 0) this.stop();
          resolve();
        },
      };
      const timeout = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
      this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    });
  }

  /** Ends every wait at once (the server is shutting down) and refuses new ones. */
  close(): void {
    this.closed = true;
    for (const waiter of [...this.waiters]) waiter.wake();
  }

  private async poll(): Promise<void> {
    if (this.polling) return; // a slow store: never more than one poll in flight
    this.polling = true;
    try {
      const latest = await this.latest();
      for (const waiter of [...this.waiters]) if (latest > waiter.after) waiter.wake();
    } catch {
      // the store is unreachable for a moment: the waiters time out and their clients ask again
    } finally {
      this.polling = false;
    }
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
