import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basic, type TestLifespan, testLifespan } from '../support/lifespan.ts';

// the Customer object exactly as seed 000 shows it (Step 2's example body), with ids of this server
const seedCustomer = (id: string, providerId: string) => ({
  additionalInfo: { accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 3600 },
  address: 'string',
  address2: 'string',
  city: 'string',
  country: 'string',
  createdTime: 0,
  customerSubscriptionId: { entityType: 'CUSTOMER_SUBSCRIPTION', id: 'string' },
  customerSubscriptionName: 'string',
  customerSubscriptionSince: 0,
  devicesCount: 0,
  email: 'string',
  gatewaysCount: 0,
  id: { entityType: 'CUSTOMER', id },
  name: 'string',
  phone: 'string',
  providerId: { entityType: 'PROVIDER', id: providerId },
  state: 'string',
  subCustomersCount: 0,
  title: 'string',
  zip: 'string',
});

const CREATED = Date.parse('2026-01-01T00:00:00.000Z');

describe('customer API (seed 000)', () => {
  let lifespan: TestLifespan;

  beforeEach(async () => {
    lifespan = await testLifespan({ ACCESS_TOKEN_FORMAT: 'opaque' });
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'provider', name: 'Provider' });
    await lifespan.admin('POST', '/admin/v1/tenants', {
      id: 'customer',
      parentId: 'provider',
      name: 'Customer',
    });
  });
  afterEach(() => lifespan.close());

  it("reads a tenant as a Customer object of the seed's shape", async () => {
    const response = await lifespan.admin('GET', '/api/customer/customer');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      id: { entityType: 'CUSTOMER', id: 'customer' },
      providerId: { entityType: 'PROVIDER', id: 'provider' },
      name: 'Customer',
      createdTime: CREATED,
      subCustomersCount: 0,
      title: null,
      email: null,
      phone: null,
      address: null,
      address2: null,
      city: null,
      state: null,
      zip: null,
      country: null,
      customerSubscriptionId: null,
      customerSubscriptionName: null,
      customerSubscriptionSince: null,
      devicesCount: 0,
      gatewaysCount: 0,
      additionalInfo: {},
    });
    expect((await lifespan.admin('GET', '/api/customer/provider')).json()).toMatchObject({
      providerId: null,
      subCustomersCount: 1,
    });
  });

  it('sets the access and refresh TTL from additionalInfo, and new tokens live 3600 s (steps 1–2)', async () => {
    const saved = await lifespan.admin('POST', '/api/customer/', seedCustomer('customer', 'provider'));
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      ...seedCustomer('customer', 'provider'),
      createdTime: CREATED,
      name: 'string',
    });
    const tenant = (await lifespan.admin('GET', '/admin/v1/tenants/customer')).json();
    expect(tenant.policy).toEqual({ accessTokenTtl: 3600, refreshTokenTtl: 3600 });

    const client = await lifespan.admin('POST', '/admin/v1/clients', {
      id: 'app',
      tenantId: 'customer',
      name: 'App',
    });
    const token = await lifespan.form(
      '/oauth2/token',
      { grant_type: 'client_credentials' },
      basic('app', client.json().clientSecret),
    );
    expect(token.json().expires_in).toBe(3600);
  });

  it('accepts additionalInfo as a JSON string and keeps unknown keys (#3)', async () => {
    const body = {
      ...seedCustomer('customer', 'provider'),
      additionalInfo: JSON.stringify({
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 86400,
        theme: 'dark',
      }),
    };
    const saved = await lifespan.admin('POST', '/api/customer', body);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().additionalInfo).toEqual({
      theme: 'dark',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 86400,
    });
    expect((await lifespan.admin('GET', '/api/customer/customer')).json().additionalInfo).toEqual({
      theme: 'dark',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 86400,
    });
  });

  it("lets a sub-customer without its own TTL inherit its parent's (#4)", async () => {
    await lifespan.admin('POST', '/api/customer', seedCustomer('customer', 'provider'));
    await lifespan.admin('POST', '/admin/v1/tenants', { id: 'sub', parentId: 'customer', name: 'Sub' });
    const sub = (await lifespan.admin('GET', '/api/customer/sub')).json();
    expect(sub.additionalInfo).toEqual({});
    expect(sub.providerId).toEqual({ entityType: 'PROVIDER', id: 'provider' });
    const effective = (await lifespan.admin('GET', '/admin/v1/policy/effective?tenantId=sub')).json()
      .settings;
    expect(effective.accessTokenTtl).toEqual({
      value: 3600,
      source: { level: 'tenant', id: 'customer' },
      stack: [
        { source: { level: 'default' }, value: 3600, role: 'overridden' },
        { source: { level: 'tenant', id: 'customer' }, value: 3600, role: 'won' },
      ],
    });
  });

  it('creates a customer under a provider when the object has no id', async () => {
    const { id: _id, ...withoutId } = seedCustomer('ignored', 'provider');
    const created = await lifespan.admin('POST', '/api/customer', { ...withoutId, name: 'New customer' });
    expect(created.statusCode).toBe(200);
    const newId = created.json().id.id as string;
    expect(created.json().providerId).toEqual({ entityType: 'PROVIDER', id: 'provider' });
    expect((await lifespan.admin('GET', `/admin/v1/tenants/${newId}`)).json()).toMatchObject({
      parentId: 'provider',
      name: 'New customer',
      policy: { accessTokenTtl: 3600, refreshTokenTtl: 3600 },
    });
  });

  it('removes a TTL that additionalInfo no longer carries: the tenant inherits again', async () => {
    await lifespan.admin('POST', '/api/customer', seedCustomer('customer', 'provider'));
    await lifespan.admin('POST', '/api/customer', {
      ...seedCustomer('customer', 'provider'),
      additionalInfo: {},
    });
    expect((await lifespan.admin('GET', '/admin/v1/tenants/customer')).json().policy).toEqual({});
  });

  it('refuses a refresh TTL shorter than the access TTL, naming the customer fields, and stores nothing', async () => {
    const response = await lifespan.admin('POST', '/api/customer', {
      ...seedCustomer('customer', 'provider'),
      additionalInfo: { accessTokenTtlSeconds: 7200, refreshTokenTtlSeconds: 3600 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'additionalInfo.refreshTokenTtlSeconds',
      'additionalInfo.accessTokenTtlSeconds',
    ]);
    expect((await lifespan.admin('GET', '/api/customer/customer')).json().name).toBe('Customer');
  });

  it('answers 404 for an unknown customer and 401 without the admin key', async () => {
    const missing = await lifespan.admin('GET', '/api/customer/nobody');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      type: 'urn:lifespan:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'tenant nobody does not exist',
    });
    const anonymous = await lifespan.app.inject({ method: 'GET', url: '/api/customer/customer' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="lifespan-admin"');
  });
});
