/** Contract: signing keys (a configuration: every write moves the config version) and admin API keys. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/storage/sql/repositories.ts';
import { type SqlStore, sqlBackends } from './backends.ts';
import { HOUR, signingKey, T } from './fixtures.ts';

describe.each(sqlBackends)('signing keys ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('list: every key as inserted, oldest first (ties by kid)', async () => {
    const newest = signingKey('k-new', { algorithm: 'RS256', createdAt: T + 2, activatesAt: T + HOUR + 2 });
    const oldest = signingKey('k-old', {
      createdAt: T,
      activatesAt: T,
      retiredAt: T + HOUR,
      publishedUntil: T + 2 * HOUR,
    });
    const tieB = signingKey('k-b', {
      algorithm: 'EdDSA',
      createdAt: T + 1,
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'x' },
    });
    const tieA = signingKey('k-a', { algorithm: 'PS256', createdAt: T + 1 });
    expect(await repos.signingKeys.list()).toEqual([]);
    for (const key of [newest, tieB, oldest, tieA]) await repos.signingKeys.insert(key);
    expect(await repos.signingKeys.list()).toEqual([oldest, tieA, tieB, newest]);
  });

  it('a key inserted revoked lists with its own revokedAt and retiredAt', async () => {
    const revoked = signingKey('k', {
      retiredAt: T + HOUR,
      publishedUntil: T + 2 * HOUR,
      revokedAt: T + 3 * HOUR,
    });
    await repos.signingKeys.insert(revoked);
    expect(await repos.signingKeys.list()).toEqual([revoked]);
  });

  it('supersede sets retiredAt and publishedUntil (null: no end)', async () => {
    await repos.signingKeys.insert(signingKey('a'));
    await repos.signingKeys.insert(signingKey('b', { createdAt: T + 1 }));
    await repos.signingKeys.supersede('a', T + HOUR, T + 2 * HOUR);
    await repos.signingKeys.supersede('b', T + 2 * HOUR, null);
    expect(await repos.signingKeys.list()).toEqual([
      signingKey('a', { retiredAt: T + HOUR, publishedUntil: T + 2 * HOUR }),
      signingKey('b', { createdAt: T + 1, retiredAt: T + 2 * HOUR, publishedUntil: null }),
    ]);
  });

  it('revoke sets revokedAt; a superseded key keeps when it was retired and until when it was to be published', async () => {
    await repos.signingKeys.insert(signingKey('active'));
    await repos.signingKeys.insert(signingKey('retired', { createdAt: T + 1 }));
    await repos.signingKeys.supersede('retired', T + HOUR, T + 5 * HOUR);
    await repos.signingKeys.revoke('active', T + 2 * HOUR);
    await repos.signingKeys.revoke('retired', T + 3 * HOUR);
    const [active, retired] = await repos.signingKeys.list();
    expect(active?.revokedAt).toBe(T + 2 * HOUR);
    expect(retired).toEqual(
      signingKey('retired', {
        createdAt: T + 1,
        retiredAt: T + HOUR,
        publishedUntil: T + 5 * HOUR,
        revokedAt: T + 3 * HOUR,
      }),
    );
  });

  it('replacePrivateKey replaces the private key only', async () => {
    const key = signingKey('k');
    await repos.signingKeys.insert(key);
    await repos.signingKeys.replacePrivateKey('k', 'encrypted:abc');
    expect(await repos.signingKeys.list()).toEqual([{ ...key, privateKey: 'encrypted:abc' }]);
  });

  it('every key write moves the config version by one and no policy version', async () => {
    const start = await repos.serviceState.get();
    await repos.signingKeys.insert(signingKey('k'));
    await repos.signingKeys.supersede('k', T + 1, T + 2);
    await repos.signingKeys.replacePrivateKey('k', 'other');
    await repos.signingKeys.revoke('k', T + 3);
    const end = await repos.serviceState.get();
    expect(end.configVersion).toBe(start.configVersion + 4);
    expect(end.policyVersion).toBe(start.policyVersion);
  });
});

describe.each(sqlBackends)('admin keys ($name)', (backend) => {
  let store: SqlStore;
  let repos: Repositories;
  beforeEach(async () => {
    store = await backend.open();
    repos = store.repos;
  });
  afterEach(() => store.close());

  it('insert, findByHash and list (oldest first)', async () => {
    const ops = { id: 'key-ops', name: 'ops', hash: 'hash-ops', createdAt: T + 1 };
    const ci = { id: 'key-ci', name: 'ci', hash: 'hash-ci', createdAt: T };
    await repos.adminKeys.insert(ops);
    await repos.adminKeys.insert(ci);
    expect(await repos.adminKeys.findByHash('hash-ops')).toEqual(ops);
    expect(await repos.adminKeys.findByHash('hash-unknown')).toBeUndefined();
    expect(await repos.adminKeys.list()).toEqual([ci, ops]);
  });
});
