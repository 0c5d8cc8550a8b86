/** GET /admin/v1/users?username=: a prefix of the username, ignoring case, with the tenant filter and paging. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../bad-input/support.ts';
import { type Accounts, accounts } from './accounts-support.ts';

const CREATED_AT = '2026-01-01T00:00:00.000Z';

describe('users searched by username prefix', () => {
  let a: Accounts;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    a = await accounts();
    await a.lifespan.admin('POST', '/admin/v1/tenants', { id: 'globex', name: 'Globex' });
    for (const username of ['alice', 'Alicia', 'ALBERT', 'bob', 'al_x']) {
      ids[username] = (await a.createUser({ username })).id;
    }
    ids.globex = (
      await a.lifespan.admin('POST', '/admin/v1/users', { tenantId: 'globex', username: 'alina' })
    ).json().id;
  });
  afterAll(() => a.lifespan.close());

  const usernames = async (query: string) => {
    const response = await a.lifespan.admin('GET', `/admin/v1/users?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { items: { username: string }[]; next: string | null };
    return { usernames: body.items.map((u) => u.username).sort(), next: body.next };
  };

  it('answers the users whose username begins with the prefix, whatever its case', async () => {
    const response = await a.lifespan.admin('GET', '/admin/v1/users?username=ALICE');
    expect(response.json()).toEqual({
      items: [
        {
          id: ids.alice,
          tenantId: 'acme',
          username: 'alice',
          subjectClass: 'user',
          hasPassword: true,
          validUntil: null,
          profile: {},
          policy: {},
          accessNotBefore: null,
          refreshNotBefore: null,
          lockedForSecurityReasons: false,
          lockedUntil: null,
          administers: null,
          createdAt: CREATED_AT,
          updatedAt: CREATED_AT,
        },
      ],
      next: null,
    });
    expect(await usernames('username=ali')).toEqual({ usernames: ['Alicia', 'alice', 'alina'], next: null });
    expect(await usernames('username=ali&tenantId=acme')).toEqual({
      usernames: ['Alicia', 'alice'],
      next: null,
    });
    expect(await usernames('username=al_')).toEqual({ usernames: ['al_x'], next: null });
    expect(await usernames('username=lice')).toEqual({ usernames: [], next: null });
  });

  it('pages through the matches with next', async () => {
    const seen: string[] = [];
    let query = 'username=al&tenantId=acme&limit=2';
    for (;;) {
      const response = await a.lifespan.admin('GET', `/admin/v1/users?${query}`);
      const body = response.json() as { items: { username: string }[]; next: string | null };
      seen.push(...body.items.map((u) => u.username));
      if (body.next === null) break;
      expect(body.items).toHaveLength(2);
      query = `username=al&tenantId=acme&limit=2&after=${body.next}`;
    }
    expect(seen.sort()).toEqual(['ALBERT', 'Alicia', 'al_x', 'alice']);
  });

  it('an empty prefix is a 400 problem', async () => {
    expectProblem(await a.lifespan.admin('GET', '/admin/v1/users?username='), {
      type: 'urn:lifespan:problem:validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the request does not match the schema',
      errors: [{ field: 'username', message: 'must NOT have fewer than 1 characters' }],
    });
  });
});
