import { ValidationFailed } from '../../domain/errors.ts';
import type { PolicyDocument } from '../../domain/policy/document.ts';
import { LONGEST_LIFETIME_SECONDS } from '../../domain/policy/settings.ts';
import type { Tenant } from '../../domain/tenants/tenant.ts';

/**
 * Seed 000's Customer object. A customer is a tenant: `providerId` names the root of its tenant chain, and
 * `additionalInfo.accessTokenTtlSeconds` / `refreshTokenTtlSeconds` are the tenant's own access and refresh
 * token lifetimes. Every other field and every other `additionalInfo` key is kept as given and returned.
 */
export const TTL_KEYS = {
  accessTokenTtlSeconds: 'accessTokenTtl',
  refreshTokenTtlSeconds: 'refreshTokenTtl',
} as const;
type TtlKey = keyof typeof TTL_KEYS;

const STRING_FIELDS = [
  'title',
  'email',
  'phone',
  'address',
  'address2',
  'city',
  'state',
  'zip',
  'country',
] as const;
const OTHER_FIELDS = [
  'customerSubscriptionId',
  'customerSubscriptionName',
  'customerSubscriptionSince',
] as const;
const COUNT_FIELDS = ['devicesCount', 'gatewaysCount'] as const;
/** Fields the server derives; they are not stored from a request. */
const DERIVED_FIELDS = new Set([
  'id',
  'providerId',
  'name',
  'createdTime',
  'subCustomersCount',
  'additionalInfo',
]);

export interface CustomerContext {
  tenant: Tenant;
  providerId: string | null;
  subCustomersCount: number;
}

/** `never` travels as 2147483647 s, seed 001's "never expires" value, both ways. */
const ttlSeconds = (value: PolicyDocument['accessTokenTtl']): number | undefined =>
  value === undefined ? undefined : value === 'never' ? LONGEST_LIFETIME_SECONDS : value;

export function toCustomer({
  tenant,
  providerId,
  subCustomersCount,
}: CustomerContext): Record<string, unknown> {
  const profile = tenant.profile;
  const info: Record<string, unknown> = {
    ...((profile.additionalInfo as Record<string, unknown> | undefined) ?? {}),
  };
  for (const [key, setting] of Object.entries(TTL_KEYS) as [TtlKey, (typeof TTL_KEYS)[TtlKey]][]) {
    const seconds = ttlSeconds(tenant.policy[setting]);
    if (seconds !== undefined) info[key] = seconds;
  }
  const customer: Record<string, unknown> = {
    id: { entityType: 'CUSTOMER', id: tenant.id },
    providerId: providerId === null ? null : { entityType: 'PROVIDER', id: providerId },
    name: tenant.name,
    createdTime: tenant.createdAt,
    subCustomersCount,
  };
  for (const field of STRING_FIELDS) customer[field] = profile[field] ?? null;
  for (const field of OTHER_FIELDS) customer[field] = profile[field] ?? null;
  for (const field of COUNT_FIELDS) customer[field] = profile[field] ?? 0;
  for (const [field, value] of Object.entries(profile)) {
    if (!(field in customer) && field !== 'additionalInfo') customer[field] = value;
  }
  customer.additionalInfo = info;
  return customer;
}

export interface CustomerInput {
  id: string | undefined;
  providerId: string | undefined;
  name: string | undefined;
  profile: Record<string, unknown>;
  /** The TTL keys present in additionalInfo, raw. */
  ttls: Partial<Record<TtlKey, unknown>>;
}

const entityId = (value: unknown, field: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id;
  }
  throw new ValidationFailed('the customer is not valid', [
    { field, message: 'expected {"entityType": …, "id": "…"}' },
  ]);
};

/** `additionalInfo` as an object or as a JSON string holding one (the seed's GET shows it typed as a string). */
function additionalInfoOf(value: unknown): Record<string, unknown> {
  let info = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return {};
    try {
      info = JSON.parse(value);
    } catch {
      throw new ValidationFailed('the customer is not valid', [
        { field: 'additionalInfo', message: 'a string additionalInfo must hold a JSON object' },
      ]);
    }
  }
  if (info === undefined || info === null) return {};
  if (typeof info !== 'object' || Array.isArray(info)) {
    throw new ValidationFailed('the customer is not valid', [
      { field: 'additionalInfo', message: 'expected an object or a JSON string holding one' },
    ]);
  }
  return info as Record<string, unknown>;
}

export function fromCustomer(body: Record<string, unknown>): CustomerInput {
  const info = additionalInfoOf(body.additionalInfo);
  const ttls: Partial<Record<TtlKey, unknown>> = {};
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    if (key in TTL_KEYS) ttls[key as TtlKey] = value;
    else kept[key] = value;
  }
  const profile: Record<string, unknown> = { additionalInfo: kept };
  for (const [field, value] of Object.entries(body)) {
    if (!DERIVED_FIELDS.has(field)) profile[field] = value;
  }
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) {
    throw new ValidationFailed('the customer is not valid', [
      { field: 'name', message: 'expected a non-empty string' },
    ]);
  }
  return {
    id: entityId(body.id, 'id'),
    providerId: entityId(body.providerId, 'providerId'),
    name: body.name as string | undefined,
    profile,
    ttls,
  };
}

/** The tenant's policy with the TTL settings replaced by what additionalInfo says (absent keys unset them). */
export function policyWithTtls(
  current: PolicyDocument,
  ttls: CustomerInput['ttls'],
): Record<string, unknown> {
  const policy: Record<string, unknown> = { ...current };
  for (const [key, setting] of Object.entries(TTL_KEYS)) {
    delete policy[setting];
    const value = ttls[key as TtlKey];
    if (value !== undefined && value !== null) {
      policy[setting] =
        value === LONGEST_LIFETIME_SECONDS || value === String(LONGEST_LIFETIME_SECONDS) ? 'never' : value;
    }
  }
  return policy;
}

/** Problems about the TTL settings are reported under the customer's field names. */
export function asCustomerProblem(error: unknown): never {
  if (error instanceof ValidationFailed) {
    const rename = (field: string): string => {
      for (const [key, setting] of Object.entries(TTL_KEYS)) {
        if (field === `policy.${setting}`) return `additionalInfo.${key}`;
      }
      return field;
    };
    throw new ValidationFailed(
      error.message,
      error.problems.map((p) => ({ field: rename(p.field), message: p.message })),
    );
  }
  throw error;
}
