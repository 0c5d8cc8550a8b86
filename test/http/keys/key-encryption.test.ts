import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { KeyProtectionError } from '../../../src/domain/keys/key-protection.ts';
import { buildLifespan } from '../../../src/main.ts';
import { ADMIN_KEY, basic, type TestLifespan, tenantWithClient } from '../../support/lifespan.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { introspect, keyLifespan, keyList, kidOf, published, verifyNow } from './support.ts';

const ENCRYPTION_KEY = 'an-encryption-key-of-at-least-32-characters';
const WRONG_KEY = 'another-key-of-at-least-thirty-two-characters';

describe('signing keys encrypted at rest (LIFESPAN_KEY_ENCRYPTION_KEY)', () => {
  let dir: string;
  let databaseUrl: string;
  const open: TestLifespan[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lifespan-keys-'));
    databaseUrl = `sqlite:${join(dir, 'lifespan.db')}`;
  });
  afterEach(async () => {
    for (const lifespan of open.splice(0)) await lifespan.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the store in the temp dir (each time at T0). */
  async function openStore(env: Record<string, string>): Promise<TestLifespan> {
    const lifespan = await keyLifespan({ DATABASE_URL: databaseUrl, JWT_ALGORITHM: 'ES256', ...env });
    open.push(lifespan);
    return lifespan;
  }
  const reopen = (env: Record<string, string>) =>
    buildLifespan(
      loadConfig({
        DATABASE_URL: databaseUrl,
        LIFESPAN_ADMIN_KEY: ADMIN_KEY,
        JWT_ALGORITHM: 'ES256',
        ...env,
      }),
      { clock: new ManualClock(), logger: false },
    );
  async function closeAll(): Promise<void> {
    for (const lifespan of open.splice(0)) await lifespan.close();
  }
  const clientToken = async (lifespan: TestLifespan, clientId: string, secret: string) => {
    const response = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic(clientId, secret),
    );
    expect(response.statusCode).toBe(200);
    return response.json().access_token as string;
  };

  it('stores private keys as enc:v1:, signs and verifies with them, and will not start without the right key', async () => {
    const first = await openStore({ LIFESPAN_KEY_ENCRYPTION_KEY: ENCRYPTION_KEY });
    const stored = await first.services.repositories.signingKeys.list();
    expect(stored).toHaveLength(1);
    const kid = stored[0]?.kid ?? '';
    expect(stored[0]?.privateKey).toMatch(/^enc:v1:/);
    expect(stored[0]?.privateKey).not.toContain('PRIVATE KEY');
    const { clientId, secret } = await tenantWithClient(first);
    const token = await clientToken(first, clientId, secret);
    expect(kidOf(token)).toBe(kid);
    expect(await verifyNow(first, token, 'at+jwt')).toEqual({
      payload: expect.objectContaining({ client_id: clientId }),
    });
    expect((await introspect(first, { clientId, secret }, token)).active).toBe(true);
    // a rotation's successor is stored encrypted too
    first.clock.advance(1);
    expect((await first.admin('POST', '/admin/v1/keys/rotate', { mode: 'graceful' })).statusCode).toBe(200);
    const rotated = await first.services.repositories.signingKeys.list();
    expect(rotated).toHaveLength(2);
    for (const key of rotated) expect(key.privateKey).toMatch(/^enc:v1:/);
    await closeAll();

    // the same file, the same key: the keys load, old tokens verify, new ones sign
    const again = await openStore({ LIFESPAN_KEY_ENCRYPTION_KEY: ENCRYPTION_KEY });
    expect((await keyList(again)).map((k) => k.kid)).toEqual(rotated.map((k) => k.kid));
    expect(await published(again)).toEqual(rotated.map((k) => ({ kid: k.kid, alg: 'ES256' })));
    expect(await verifyNow(again, token, 'at+jwt')).toEqual({ payload: expect.any(Object) });
    expect((await introspect(again, { clientId, secret }, token)).active).toBe(true);
    const newer = await clientToken(again, clientId, secret);
    expect(kidOf(newer)).toBe(kid);
    expect((await introspect(again, { clientId, secret }, newer)).active).toBe(true);
    await closeAll();

    await expect(reopen({})).rejects.toThrow(KeyProtectionError);
    await expect(reopen({})).rejects.toThrow(
      /^the signing keys are encrypted: set LIFESPAN_KEY_ENCRYPTION_KEY$/,
    );
    await expect(reopen({ LIFESPAN_KEY_ENCRYPTION_KEY: WRONG_KEY })).rejects.toThrow(KeyProtectionError);
    await expect(reopen({ LIFESPAN_KEY_ENCRYPTION_KEY: WRONG_KEY })).rejects.toThrow(
      /^LIFESPAN_KEY_ENCRYPTION_KEY does not decrypt the stored signing keys$/,
    );
  });

  it('encrypts the plain keys of a store created without encryption when reopened with the key', async () => {
    const plain = await openStore({});
    const stored = await plain.services.repositories.signingKeys.list();
    expect(stored).toHaveLength(1);
    const kid = stored[0]?.kid ?? '';
    expect(stored[0]?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const { clientId, secret } = await tenantWithClient(plain);
    const token = await clientToken(plain, clientId, secret);
    await closeAll();

    const encrypted = await openStore({ LIFESPAN_KEY_ENCRYPTION_KEY: ENCRYPTION_KEY });
    const after = await encrypted.services.repositories.signingKeys.list();
    expect(after.map((k) => k.kid)).toEqual([kid]);
    expect(after[0]?.privateKey).toMatch(/^enc:v1:/);
    // the same key material: what it signed before still verifies, and it signs on
    expect(await verifyNow(encrypted, token, 'at+jwt')).toEqual({ payload: expect.any(Object) });
    const newer = await clientToken(encrypted, clientId, secret);
    expect(kidOf(newer)).toBe(kid);
    expect((await introspect(encrypted, { clientId, secret }, newer)).active).toBe(true);
    await closeAll();

    await expect(reopen({})).rejects.toThrow(
      /^the signing keys are encrypted: set LIFESPAN_KEY_ENCRYPTION_KEY$/,
    );
    const third = await openStore({ LIFESPAN_KEY_ENCRYPTION_KEY: ENCRYPTION_KEY });
    expect((await keyList(third)).map((k) => k.kid)).toEqual([kid]);
  });
});
