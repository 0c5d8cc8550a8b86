import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Clock, Instant } from '../../src/domain/clock.ts';
import { buildServices } from '../../src/main.ts';
import type { Services } from '../../src/services.ts';

/** A clock that moves 7 ms at every reading, as time passes while a key is generated and stored. */
class TickingClock implements Clock {
  constructor(private current: Instant = Date.parse('2026-01-01T00:00:00.000Z')) {}
  now(): Instant {
    this.current += 7;
    return this.current;
  }
}

describe('the instants a rotation records, while time passes during it', () => {
  let services: Services;
  afterEach(() => services.close());

  const open = async () => {
    services = await buildServices(loadConfig({ DATABASE_URL: 'sqlite::memory:', JWT_ALGORITHM: 'ES256' }), {
      clock: new TickingClock(),
    });
    await services.keys.signer('ES256');
  };

  it('graceful: the successor is published exactly 300 s before it signs, and the old key retires then', async () => {
    await open();
    await services.keyRotation.rotate('ES256', 'graceful', { actor: 'test' });
    const [old, successor] = services.keys.list();
    expect(successor?.activatesAt).toBe((successor?.createdAt ?? 0) + 300_000);
    expect(old?.retiredAt).toBe(successor?.activatesAt);
  });

  it('revoke: the old key is revoked at the instant its successor starts signing, the instant it was made', async () => {
    await open();
    await services.keyRotation.rotate('ES256', 'revoke', { actor: 'test' });
    const [old, successor] = services.keys.list();
    expect(successor?.activatesAt).toBe(successor?.createdAt);
    expect(old?.revokedAt).toBe(successor?.activatesAt);
  });
});
