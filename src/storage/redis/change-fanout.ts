import type { Redis } from 'ioredis';
import type { Announcement } from '../announcement.ts';

/**
 * Redis pub/sub between instances: a configuration change (policy, not-before, keys, clients…) or a revoked
 * opaque token is announced, and every other instance drops what it cached at once.
 */
export class ChangeFanout {
  private readonly origin = crypto.randomUUID();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  async announce(announcement: Announcement): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify({ origin: this.origin, ...announcement }));
  }

  async listen(handle: (announcement: Announcement) => Promise<void> | void): Promise<void> {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let message: { origin?: string } & Announcement;
      try {
        message = JSON.parse(text);
      } catch {
        return;
      }
      if (message.origin === this.origin) return;
      void Promise.resolve(handle(message)).catch(() => undefined);
    });
    await this.subscriber.subscribe(this.channel);
  }
}
