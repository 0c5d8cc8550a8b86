import type { LightMyRequestResponse } from 'fastify';
import { expect, vi } from 'vitest';
import { ADMIN_KEY, type TestLifespan } from '../../support/lifespan.ts';

export const OAUTH_ENDPOINTS = ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke'] as const;
export type OAuthEndpoint = (typeof OAUTH_ENDPOINTS)[number];

export const FORM = 'application/x-www-form-urlencoded';
export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
export const CLIENT_CHALLENGE = 'Basic realm="lifespan"';
export const ADMIN_CHALLENGE = 'Bearer realm="lifespan-admin"';

/** A POST with the body exactly as given: `lifespan.form` cannot repeat a parameter or mis-encode one. */
export function rawPost(
  lifespan: TestLifespan,
  url: string,
  payload: string | undefined,
  headers: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return lifespan.app.inject({
    method: 'POST',
    url,
    headers,
    ...(payload !== undefined && { payload }),
  });
}

/** A management API call with the admin key and a body sent verbatim under the given content type. */
export function adminRaw(
  lifespan: TestLifespan,
  method: 'POST' | 'PUT' | 'PATCH',
  url: string,
  contentType: string,
  payload: string,
): Promise<LightMyRequestResponse> {
  return lifespan.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': contentType },
    payload,
  });
}

export interface OAuthErrorBody {
  error: string;
  error_description: unknown;
}

/**
 * RFC 6749 §5.2: the status, the exact JSON body, never cached; invalid_client carries the Basic challenge
 * (§5.2, "MUST include the WWW-Authenticate response header field"), no other error does.
 */
export function expectOAuthError(
  response: LightMyRequestResponse,
  status: number,
  body: OAuthErrorBody,
): void {
  expect({ status: response.statusCode, body: response.json() }).toEqual({ status, body });
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers.pragma).toBe('no-cache');
  expect(response.headers['www-authenticate']).toBe(
    body.error === 'invalid_client' ? CLIENT_CHALLENGE : undefined,
  );
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: unknown;
  errors?: { field: string; message: unknown }[];
}

/** RFC 9457 problem details; a 401 carries the admin Bearer challenge (RFC 6750 §3). */
export function expectProblem(response: LightMyRequestResponse, problem: ProblemBody): void {
  expect({ status: response.statusCode, body: response.json() }).toEqual({
    status: problem.status,
    body: problem,
  });
  expect(response.headers['content-type']).toBe(PROBLEM_JSON);
  expect(response.headers['www-authenticate']).toBe(problem.status === 401 ? ADMIN_CHALLENGE : undefined);
}

export const validationProblem = (
  detail: string,
  errors: { field: string; message: unknown }[],
): ProblemBody => ({
  type: 'urn:lifespan:problem:validation',
  title: 'Bad Request',
  status: 400,
  detail,
  errors,
});

export const notFoundProblem = (detail: string): ProblemBody => ({
  type: 'urn:lifespan:problem:not-found',
  title: 'Not Found',
  status: 404,
  detail,
});

export const conflictProblem = (detail: string): ProblemBody => ({
  type: 'urn:lifespan:problem:conflict',
  title: 'Conflict',
  status: 409,
  detail,
});

/** What the route schemas say about a body that does not match them. */
export const schemaProblem = (errors: { field: string; message: unknown }[]): ProblemBody =>
  validationProblem('the request does not match the schema', errors);

/**
 * Everything the management API stores, read back: tenants, clients, scopes, the service policy and its
 * history, and the service counters (policy version, configuration version, not-before). Any write moves at
 * least one of them; tests advance the clock first so that even a no-op update would show in `updatedAt`.
 */
export async function storedState(lifespan: TestLifespan): Promise<unknown> {
  const read = async (url: string): Promise<unknown> => {
    const response = await lifespan.admin('GET', url);
    expect(response.statusCode, url).toBe(200);
    return response.json();
  };
  const tenants = (await read('/admin/v1/tenants?limit=500')) as { items: { id: string }[] };
  const clients = (await read('/admin/v1/clients?limit=500')) as { items: { id: string }[] };
  const policyHistories: Record<string, unknown> = {
    service: await read('/admin/v1/service/policy/history'),
  };
  for (const { id } of tenants.items) {
    policyHistories[`tenant ${id}`] = await read(
      `/admin/v1/tenants/${encodeURIComponent(id)}/policy/history`,
    );
  }
  for (const { id } of clients.items) {
    policyHistories[`client ${id}`] = await read(
      `/admin/v1/clients/${encodeURIComponent(id)}/policy/history`,
    );
  }
  return {
    tenants,
    clients,
    scopes: await read('/admin/v1/scopes'),
    servicePolicy: await read('/admin/v1/service/policy'),
    policyHistories,
    serviceState: await lifespan.services.repositories.serviceState.get(),
  };
}

/** Counts the writes of the token store: issued opaque tokens and revocations of either format. */
export function watchTokenWrites(lifespan: TestLifespan): () => number {
  const tokens = lifespan.services.repositories.accessTokens;
  const spies = [vi.spyOn(tokens, 'insert'), vi.spyOn(tokens, 'revokeById'), vi.spyOn(tokens, 'revokeJwt')];
  return () => spies.reduce((count, spy) => count + spy.mock.calls.length, 0);
}

export type Refusal = (
  response: LightMyRequestResponse,
  status: number,
  body: OAuthErrorBody,
) => Promise<void>;

/**
 * From now on, checks OAuth refusals: the error as RFC 6749 §5.2 has it, no token issued or revoked, and the
 * service state (policy, versions, not-before) as it was when this was called.
 */
export async function watchRefusals(
  lifespan: TestLifespan,
): Promise<{ refused: Refusal; tokenWrites: () => number }> {
  const tokenWrites = watchTokenWrites(lifespan);
  const before = await lifespan.services.repositories.serviceState.get();
  const refused: Refusal = async (response, status, body) => {
    expectOAuthError(response, status, body);
    expect(tokenWrites(), 'writes to the token store').toBe(0);
    expect(await lifespan.services.repositories.serviceState.get()).toEqual(before);
  };
  return { refused, tokenWrites };
}

/**
 * A refused management write: the problem, and every stored resource, policy history and service counter as
 * it was. The clock moves first, so that even an update that changed no field would show in `updatedAt`.
 */
export async function expectRefusedWrite(
  lifespan: TestLifespan,
  request: () => Promise<LightMyRequestResponse>,
  problem: ProblemBody,
): Promise<void> {
  const before = await storedState(lifespan);
  lifespan.clock.advance(60);
  expectProblem(await request(), problem);
  expect(await storedState(lifespan)).toEqual(before);
}
