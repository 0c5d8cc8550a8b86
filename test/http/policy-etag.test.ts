/** Optimistic concurrency on policy documents: ETag (RFC 9110 §8.8.3), If-Match (§13.1.1), 412 (§15.5.13). */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestLifespan, testLifespan } from '../support/lifespan.ts';

/** The tag as the API documents it: the first 22 characters of the base64url SHA-256 of the stored JSON. */
const tagOf = (document: object): string =>
  `"${createHash('sha256').update(JSON.stringify(document)).digest('base64url').slice(0, 22)}"`;
const EMPTY_TAG = '"RBNvo1WzZ4oRRq0W9-hknp"';
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';
const ACME = '/admin/v1/tenants/acme';
const STORED = { accessTokenTtl: 600 };

const stale = (detail: string, current: { policy: object; version: number | null }) => ({
  type: 'urn:lifespan:problem:precondition-failed',
  title: 'Precondition Failed',
  status: 412,
  detail,
  current: { policy: current.policy, etag: tagOf(current.policy), version: current.version },
});
const ACME_CHANGED = 'the policy of tenant acme has changed since it was read';

describe('policy documents: ETag and If-Match', () => {
  let lifespan: TestLifespan;
  beforeEach(async () => {
    lifespan = await testLifespan();
    const created = await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'acme',
      name: 'Acme',
      policy: STORED,
    });
    expect(created.statusCode).toBe(201);
  });
  afterEach(() => lifespan.close());

  const history = async (base: string) =>
    (await lifespan.admin('GET', `${base}/policy/history`)).json().items as { version: number }[];
  const save = (base: string, document: object, ifMatch?: string, suffix = '') =>
    lifespan.admin(
      'PUT',
      `${base}/policy${suffix}`,
      document,
      ifMatch === undefined ? {} : { 'if-match': ifMatch },
    );

  it('GET answers the tag of the stored document, on every level', async () => {
    await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'web',
      tenantId: 'acme',
      name: 'Web',
      policy: { refreshTokenTtl: 3600 },
    });
    await lifespan.admin('POST', '/admin/v1/scopes', { name: 'payments', policy: { accessTokenTtl: 300 } });
    for (const [base, policy, tag] of [
      ['/admin/v1/service', {}, EMPTY_TAG],
      [ACME, STORED, tagOf(STORED)],
      ['/admin/v1/clients/web', { refreshTokenTtl: 3600 }, tagOf({ refreshTokenTtl: 3600 })],
      ['/admin/v1/scopes/payments', { accessTokenTtl: 300 }, tagOf({ accessTokenTtl: 300 })],
    ] as const) {
      const response = await lifespan.admin('GET', `${base}/policy`);
      expect(response.statusCode).toBe(200);
      expect(response.headers.etag).toBe(tag);
      expect(response.headers['content-type']).toBe(JSON_TYPE);
      expect(response.json()).toEqual({ policy, version: 4, warnings: [] });
    }
    expect(tagOf({})).toBe(EMPTY_TAG);
  });

  it('a save carrying the current tag is stored and answers the new tag; a save without If-Match works as before', async () => {
    const { etag } = (await lifespan.admin('GET', `${ACME}/policy`)).headers;
    expect(etag).toBe(tagOf(STORED));

    const saved = await save(ACME, { accessTokenTtl: '15m' }, etag as string);
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe(tagOf({ accessTokenTtl: 900 }));
    expect(saved.headers['content-type']).toBe(JSON_TYPE);
    expect(saved.json()).toEqual({ policy: { accessTokenTtl: 900 }, version: 3, warnings: [] });
    expect((await lifespan.admin('GET', `${ACME}/policy`)).headers.etag).toBe(tagOf({ accessTokenTtl: 900 }));

    const unconditional = await save(ACME, { accessTokenTtl: 1200 });
    expect(unconditional.statusCode).toBe(200);
    expect(unconditional.headers.etag).toBe(tagOf({ accessTokenTtl: 1200 }));
    expect(unconditional.json()).toEqual({ policy: { accessTokenTtl: 1200 }, version: 4, warnings: [] });
  });

  it('a stale tag is refused with 412 and what the level holds now; nothing is stored', async () => {
    const first = (await lifespan.admin('GET', `${ACME}/policy`)).headers.etag as string;
    expect((await save(ACME, { accessTokenTtl: 900 }, first)).statusCode).toBe(200);

    const refused = await save(ACME, { accessTokenTtl: 1200 }, first);
    expect(refused.statusCode).toBe(412);
    expect(refused.headers['content-type']).toBe(PROBLEM_TYPE);
    expect(refused.headers.etag).toBeUndefined();
    expect(refused.json()).toEqual(stale(ACME_CHANGED, { policy: { accessTokenTtl: 900 }, version: 3 }));
    expect((await lifespan.admin('GET', `${ACME}/policy`)).json().policy).toEqual({ accessTokenTtl: 900 });
    expect((await history(ACME)).map((entry) => entry.version)).toEqual([3, 2]);

    // a level without history names no version
    const service = await save('/admin/v1/service', { accessTokenTtl: 900 }, '"not-the-tag"');
    expect(service.statusCode).toBe(412);
    expect(service.json()).toEqual(
      stale('the policy of the service has changed since it was read', { policy: {}, version: null }),
    );
  });

  it('If-Match: * matches any existing level, a list matches by any of its tags, a weak tag never matches', async () => {
    const any = await save(ACME, { accessTokenTtl: 900 }, '*');
    expect(any.statusCode).toBe(200);
    expect(any.headers.etag).toBe(tagOf({ accessTokenTtl: 900 }));

    const listed = await save(ACME, { accessTokenTtl: 1200 }, `"other", ${tagOf({ accessTokenTtl: 900 })} ,`);
    expect(listed.statusCode).toBe(200);
    expect(listed.headers.etag).toBe(tagOf({ accessTokenTtl: 1200 }));

    // RFC 9110 §8.8.3.2: strong comparison, so W/"…" does not match even the current tag
    const weak = await save(ACME, { accessTokenTtl: 300 }, `W/${tagOf({ accessTokenTtl: 1200 })}`);
    expect(weak.statusCode).toBe(412);
    expect(weak.json()).toEqual(stale(ACME_CHANGED, { policy: { accessTokenTtl: 1200 }, version: 4 }));

    const missing = await save('/admin/v1/tenants/nobody', { accessTokenTtl: 900 }, '*');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'tenant nobody does not exist',
    });

    const malformed = await save(ACME, { accessTokenTtl: 300 }, 'no-quotes');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the If-Match header is not valid',
      errors: [
        { field: 'If-Match', message: 'expected * or a comma-separated list of entity tags such as "xyz"' },
      ],
    });
    expect((await history(ACME)).map((entry) => entry.version)).toEqual([4, 3, 2]);
  });

  it('a dry run with a stale tag is refused with 412 and stores nothing; with the current tag it previews', async () => {
    const first = (await lifespan.admin('GET', `${ACME}/policy`)).headers.etag as string;
    expect((await save(ACME, { accessTokenTtl: 900 })).statusCode).toBe(200);

    const refused = await save(ACME, { accessTokenTtl: 1200 }, first, '?dryRun=true');
    expect(refused.statusCode).toBe(412);
    expect(refused.json()).toEqual(stale(ACME_CHANGED, { policy: { accessTokenTtl: 900 }, version: 3 }));

    const previewed = await save(
      ACME,
      { accessTokenTtl: 1200 },
      tagOf({ accessTokenTtl: 900 }),
      '?dryRun=true',
    );
    expect(previewed.statusCode).toBe(200);
    // nothing is stored, so there is no new tag
    expect(previewed.headers.etag).toBeUndefined();
    expect(previewed.json()).toEqual({
      dryRun: true,
      policy: { accessTokenTtl: 1200 },
      warnings: [],
      changes: ['user', 'admin', 'anonymous', 'service'].map((subjectClass) => ({
        subjectClass,
        setting: 'accessTokenTtl',
        before: { value: 900, source: { level: 'tenant', id: 'acme' } },
        after: { value: 1200, source: { level: 'tenant', id: 'acme' } },
      })),
      invalidatesTokens: false,
      liveRefreshFamilies: 0,
      liveSessions: 0,
    });
    expect((await lifespan.admin('GET', `${ACME}/policy`)).json().policy).toEqual({ accessTokenTtl: 900 });
    expect((await history(ACME)).map((entry) => entry.version)).toEqual([3, 2]);
  });

  it('rollback and preset with a stale tag are refused with 412; with the current tag they answer the new tag', async () => {
    const first = tagOf(STORED);
    expect((await save(ACME, { accessTokenTtl: 900 })).statusCode).toBe(200);
    const now = { policy: { accessTokenTtl: 900 }, version: 3 };

    const rollback = (version: number, ifMatch: string) =>
      lifespan.admin('POST', `${ACME}/policy/rollback`, { version }, { 'if-match': ifMatch });
    const preset = (ifMatch: string) =>
      lifespan.admin('POST', `${ACME}/policy/preset`, { preset: 'api-only' }, { 'if-match': ifMatch });

    const staleRollback = await rollback(2, first);
    expect(staleRollback.statusCode).toBe(412);
    expect(staleRollback.json()).toEqual(stale(ACME_CHANGED, now));
    const stalePreset = await preset(first);
    expect(stalePreset.statusCode).toBe(412);
    expect(stalePreset.json()).toEqual(stale(ACME_CHANGED, now));
    expect((await history(ACME)).map((entry) => entry.version)).toEqual([3, 2]);

    const rolledBack = await rollback(2, tagOf(now.policy));
    expect(rolledBack.statusCode).toBe(200);
    expect(rolledBack.headers.etag).toBe(tagOf(STORED));
    expect(rolledBack.json()).toEqual({ policy: STORED, version: 4, warnings: [] });

    const applied = await preset(tagOf(STORED));
    expect(applied.statusCode).toBe(200);
    const merged = { accessTokenTtl: 3600, refreshTokenEnabled: false };
    expect(applied.headers.etag).toBe(tagOf(merged));
    expect(applied.json()).toEqual({ policy: merged, version: 5, warnings: [] });
    expect((await history(ACME)).map((entry) => entry.version)).toEqual([5, 4, 3, 2]);
  });

  /**
   * Holds every tenant write until `count` of them are waiting, so concurrent saves have all read the same
   * document before any of them writes: the race the storage's compare-and-swap settles, forced by order alone.
   */
  function meetAtTheWrite(count: number): void {
    const tenants = lifespan.services.repositories.tenants;
    const write = tenants.update.bind(tenants);
    let waiting = 0;
    let release = (): void => undefined;
    const together = new Promise<void>((resolve) => {
      release = resolve;
    });
    tenants.update = async (tenant, change) => {
      waiting += 1;
      if (waiting === count) release();
      await together;
      return write(tenant, change);
    };
  }

  async function race(ifMatch?: string) {
    meetAtTheWrite(2);
    const responses = await Promise.all([
      save(ACME, { accessTokenTtl: 900 }, ifMatch),
      save(ACME, { accessTokenTtl: 1200 }, ifMatch),
    ]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 412]);
    const winner = responses.find((response) => response.statusCode === 200);
    const loser = responses.find((response) => response.statusCode === 412);
    const stored = winner?.json().policy as object;
    expect([{ accessTokenTtl: 900 }, { accessTokenTtl: 1200 }]).toContainEqual(stored);
    expect(winner?.headers.etag).toBe(tagOf(stored));
    expect(loser?.json()).toEqual(stale(ACME_CHANGED, { policy: stored, version: 3 }));
    expect((await lifespan.admin('GET', `${ACME}/policy`)).json().policy).toEqual(stored);
    expect((await history(ACME)).map((entry) => entry.version)).toEqual([3, 2]);
  }

  it('two saves carrying the same tag at once: one is stored, the other refused, and the history records one', async () => {
    await race(tagOf(STORED));
  });

  it('two saves without If-Match at once: the later write is refused, never silently lost', async () => {
    await race();
  });
});
