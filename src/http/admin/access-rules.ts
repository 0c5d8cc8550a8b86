import type { FastifyRequest } from 'fastify';
import { fromCustomer } from '../customer/customer-shape.ts';

/** Something a request names, whose tenant decides whether a tenant administrator may touch it. */
export type Target = { tenant: string } | { client: string } | { user: string };

/**
 * What a tenant administrator may do with a route (service administrators and admin keys may do everything):
 * - `service`: nothing (service-wide settings, keys, scopes' writes, the service tenant);
 * - `open`: call it; what it answers is limited to their tenants by the route itself (lists, the overview);
 * - `targets`: call it when every target it names lies in their tenants; `atLeastOne`: it must name one (a
 *   context without a tenant would be the whole service's).
 * A route without a rule is `service`: a new route is closed to tenant administrators until it says otherwise.
 */
export type AccessRule =
  | { kind: 'service' }
  | { kind: 'open' }
  | {
      kind: 'targets';
      targets: (request: FastifyRequest) => Target[];
      atLeastOne?: boolean;
      /** A change that would take the administrator's own tenant out of their reach (delete, move). */
      touchesOwnRoot?: (request: FastifyRequest) => string | undefined;
    };

type Fields = Record<string, unknown>;
const fieldsOf = (value: unknown): Fields =>
  typeof value === 'object' && value !== null ? (value as Fields) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const param = (request: FastifyRequest, name: string) => text(fieldsOf(request.params)[name]);

const only = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);
const tenant = (id: string | undefined): Target[] => only(id).map((t) => ({ tenant: t }));
const client = (id: string | undefined): Target[] => only(id).map((c) => ({ client: c }));
const user = (id: string | undefined): Target[] => only(id).map((u) => ({ user: u }));

/** A policy context (effective, simulate): its tenant, client and user, from the query or a body's `context`. */
const contextTargets = (context: Fields): Target[] => [
  ...tenant(text(context.tenantId)),
  ...client(text(context.clientId)),
  ...user(text(context.userId)),
];

/** A new parent (or none: a new root, which only the service may make) of a tenant. */
const parentTargets = (body: Fields): Target[] =>
  body.parentId === null ? [{ tenant: '' }] : tenant(text(body.parentId));

const OPEN: AccessRule = { kind: 'open' };
const SERVICE: AccessRule = { kind: 'service' };
const targets = (
  of: (request: FastifyRequest) => Target[],
  extra: Partial<Omit<Extract<AccessRule, { kind: 'targets' }>, 'kind' | 'targets'>> = {},
): AccessRule => ({ kind: 'targets', targets: of, ...extra });

/** Route patterns as Fastify names them, `:id` and all; the first match wins. */
const RULES: Array<[method: string | RegExp, route: RegExp, rule: AccessRule]> = [
  ['GET', /^\/admin\/v1\/(me|overview|policy\/(presets|settings))$/, OPEN],
  [
    /^(GET|POST)$/,
    /^\/admin\/v1\/policy\/(effective|simulate)$/,
    targets(
      (r) => contextTargets(r.method === 'GET' ? fieldsOf(r.query) : fieldsOf(fieldsOf(r.body).context)),
      { atLeastOne: true },
    ),
  ],
  ['GET', /^\/admin\/v1\/audit$/, targets((r) => tenant(text(fieldsOf(r.query).tenantId)))],

  ['GET', /^\/admin\/v1\/tenants$/, targets((r) => tenant(text(fieldsOf(r.query).parentId)))],
  ['POST', /^\/admin\/v1\/tenants$/, targets((r) => parentTargets(fieldsOf(r.body)), { atLeastOne: true })],
  [
    /^(PATCH|DELETE)$/,
    /^\/admin\/v1\/tenants\/:id$/,
    targets(
      (r) => [
        ...tenant(param(r, 'id')),
        ...('parentId' in fieldsOf(r.body) ? parentTargets(fieldsOf(r.body)) : []),
      ],
      {
        touchesOwnRoot: (r) =>
          r.method === 'DELETE' || 'parentId' in fieldsOf(r.body) ? param(r, 'id') : undefined,
      },
    ),
  ],
  [/./, /^\/admin\/v1\/tenants\/:id(\/.*)?$/, targets((r) => tenant(param(r, 'id')))],

  ['GET', /^\/admin\/v1\/clients$/, targets((r) => tenant(text(fieldsOf(r.query).tenantId)))],
  [
    'POST',
    /^\/admin\/v1\/clients$/,
    targets((r) => tenant(text(fieldsOf(r.body).tenantId)), { atLeastOne: true }),
  ],
  [/./, /^\/admin\/v1\/clients\/:id(\/.*)?$/, targets((r) => client(param(r, 'id')))],

  ['GET', /^\/admin\/v1\/users$/, targets((r) => tenant(text(fieldsOf(r.query).tenantId)))],
  [
    'POST',
    /^\/admin\/v1\/users$/,
    targets((r) => tenant(text(fieldsOf(r.body).tenantId)), { atLeastOne: true }),
  ],
  [/./, /^\/admin\/v1\/users\/:id(\/.*)?$/, targets((r) => user(param(r, 'id')))],

  // scopes are the service's: every tenant's clients may ask for them, so they are read by all, set by the service
  ['GET', /^\/admin\/v1\/scopes(\/.*)?$/, OPEN],

  ['GET', /^\/api\/customer\/:customerId$/, targets((r) => tenant(param(r, 'customerId')))],
  // seed 000's save: an update names the customer, a creation its provider (the new customer's parent)
  [
    'POST',
    /^\/api\/customer$/,
    targets(
      (r) => {
        const { id, providerId } = fromCustomer(fieldsOf(r.body));
        return id === undefined ? tenant(providerId ?? '') : tenant(id);
      },
      { atLeastOne: true },
    ),
  ],
];

export function accessRule(method: string, route: string): AccessRule {
  for (const [methods, pattern, rule] of RULES) {
    const methodMatches = typeof methods === 'string' ? methods === method : methods.test(method);
    if (methodMatches && pattern.test(route)) return rule;
  }
  return SERVICE;
}
