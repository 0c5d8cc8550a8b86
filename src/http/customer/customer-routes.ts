import Type from 'typebox';
import type { TenantAdministration } from '../../domain/tenants/tenant-administration.ts';
import type { TenantRepository } from '../../ports/tenant-repository.ts';
import { ProblemSchema } from '../admin/schemas.ts';
import type { TypedApp } from '../typed-app.ts';
import { asCustomerProblem, fromCustomer, policyWithTtls, toCustomer } from './customer-shape.ts';

const tags = ['customer (seed 000 compatibility)'];
const CustomerSchema = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'the Customer object: id, providerId, name, title, email, address fields, counts, additionalInfo',
});

export interface CustomerRouteDeps {
  tenants: TenantAdministration;
  tenantRepository: TenantRepository;
}

/** Seed 000's customer API: per-customer token lifetimes in `additionalInfo`, read and written whole. */
export function registerCustomerRoutes(
  app: TypedApp,
  { tenants, tenantRepository }: CustomerRouteDeps,
): void {
  const customerOf = async (id: string) => {
    const [chain, subCustomersCount] = await Promise.all([
      tenantRepository.chain(id),
      tenantRepository.countChildren(id),
    ]);
    const tenant = chain.at(-1) ?? (await tenants.get(id));
    const root = chain[0];
    return toCustomer({
      tenant,
      providerId: root && root.id !== tenant.id ? root.id : null,
      subCustomersCount,
    });
  };

  app.get(
    '/api/customer/:customerId',
    {
      schema: {
        tags,
        params: Type.Object({ customerId: Type.String({ minLength: 1 }) }),
        response: { 200: CustomerSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => customerOf(request.params.customerId),
  );

  app.post(
    '/api/customer',
    {
      schema: {
        tags,
        description: 'saves a customer: updates the one its id names, or creates one under providerId',
        body: CustomerSchema,
        response: { 200: CustomerSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const input = fromCustomer(request.body);
      if (input.id !== undefined) {
        const current = await tenants.get(input.id);
        await tenants
          .update(
            input.id,
            {
              ...(input.name !== undefined && { name: input.name }),
              profile: input.profile,
              policy: policyWithTtls(current.policy, input.ttls),
            },
            request.actor,
          )
          .catch(asCustomerProblem);
        return customerOf(input.id);
      }
      const { tenant } = await tenants
        .create(
          {
            name: input.name ?? '',
            parentId: input.providerId ?? null,
            profile: input.profile,
            policy: policyWithTtls({}, input.ttls),
          },
          request.actor,
        )
        .catch(asCustomerProblem);
      return customerOf(tenant.id);
    },
  );
}
