import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { buildServices } from '../../src/main.ts';
import type { Services } from '../../src/services.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** Counts the calls made to every repository method. */
function countCalls(services: Services): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [name, repository] of Object.entries(services.repositories)) {
    const target = repository as unknown as Record<string, unknown>;
    for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(repository))) {
      const original = target[method];
      if (method === 'constructor' || typeof original !== 'function') continue;
      target[method] = (...args: unknown[]) => {
        calls.set(`${name}.${method}`, (calls.get(`${name}.${method}`) ?? 0) + 1);
        return (original as (...a: unknown[]) => unknown).apply(repository, args);
      };
    }
  }
  return calls;
}

describe('the hot paths stay off the configuration store', () => {
  const opened: Services[] = [];
  afterEach(async () => {
    for (const services of opened.splice(0)) await services.close();
  });

  async function open(databaseUrl: string, env: Record<string, string> = {}) {
    const services = await buildServices(loadConfig({ DATABASE_URL: databaseUrl, ...env }), {
      clock: new ManualClock(),
    });
    opened.push(services);
    return services;
  }

  it('resolves the policy and authenticates the client from memory once warm; a change empties the caches', async () => {
    const services = await open('sqlite::memory:', { ACCESS_TOKEN_FORMAT: 'opaque' });
    await services.tenants.create({ id: 'acme', name: 'Acme' }, 'test');
    const { secret } = await services.clients.create(
      { id: 'svc', tenantId: 'acme', name: 'Svc', scopes: ['read'] },
      'test',
    );
    const issue = async () => {
      const client = await services.clientAuthentication.authenticate({
        clientId: 'svc',
        secret,
        method: 'client_secret_basic',
      });
      return services.grants.exchange('client_credentials', {
        client,
        param: (n) => (n === 'scope' ? 'read' : undefined),
      });
    };
    await issue(); // warm
    const calls = countCalls(services);
    for (let i = 0; i < 5; i++) await issue();
    // the only store work left on the token path is writing the opaque tokens themselves
    expect(Object.fromEntries(calls)).toEqual({ 'accessTokens.insert': 5 });

    calls.clear();
    await services.policies.save({ level: 'client', id: 'svc' }, { accessTokenTtl: 120 }, 'test');
    calls.clear();
    expect((await issue()).expiresIn).toBe(120);
    expect(calls.get('clients.get')).toBe(1);
    calls.clear();
    await issue();
    expect(Object.fromEntries(calls)).toEqual({ 'accessTokens.insert': 1 });
  });

  it('sees changes made by another process once it polls the configuration version', async () => {
    const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'lifespan-poll-')), 'db.sqlite')}`;
    const server = await open(databaseUrl);
    const cli = await open(databaseUrl);
    await cli.tenants.create({ id: 'acme', name: 'Acme' }, 'cli');
    const explain = async () =>
      (await server.policies.explain({ tenantId: 'acme', subjectClass: 'user', scopes: [] })).settings
        .accessTokenTtl;
    await server.pollForChanges();
    expect((await explain()).value).toBe(3600);

    await cli.policies.save({ level: 'tenant', id: 'acme' }, { accessTokenTtl: 600 }, 'cli');
    expect((await explain()).value).toBe(3600); // still cached: the server has not looked yet
    await server.pollForChanges();
    expect(await explain()).toEqual({ value: 600, source: { level: 'tenant', id: 'acme' } });
  });

  it('sweeps expired opaque tokens and revoked JWT ids from the store', async () => {
    const services = await open('sqlite::memory:');
    const clock = services.clock as ManualClock;
    const record = (id: string, expiresAt: number) => ({
      id,
      secretHash: `secret-hash-${id}`,
      tenantId: 't',
      clientId: 'c',
      grantId: null,
      subject: 's',
      subjectClass: 'service' as const,
      scope: '',
      issuedAt: 0,
      expiresAt,
      policyVersion: 1,
      revokedAt: null,
    });
    const now = clock.now();
    await services.repositories.accessTokens.insert(record('old', now - 1));
    await services.repositories.accessTokens.insert(record('live', now + 1000));
    await services.repositories.accessTokens.revokeJwt('old-jwt', now - 1, 'acme');
    await services.repositories.accessTokens.revokeJwt('live-jwt', now + 1000, 'acme');
    expect(await services.sweepExpiredTokens()).toBe(2);
    expect(await services.repositories.accessTokens.findById('old')).toBeUndefined();
    expect(await services.repositories.accessTokens.findById('live')).toBeDefined();
    expect(await services.repositories.accessTokens.isJwtRevoked('old-jwt')).toBe(false);
    expect(await services.repositories.accessTokens.isJwtRevoked('live-jwt')).toBe(true);
  });
});
