import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { Interactions } from '../domain/sessions/interactions.ts';
import type { Services } from '../services.ts';
import { recordAdminActions } from './admin/admin-actions.ts';
import { registerAuditRoutes } from './admin/audit-routes.ts';
import { requireAdministrator } from './admin/authentication.ts';
import { registerClientRoutes } from './admin/client-routes.ts';
import { registerExpireTokensRoutes } from './admin/expire-tokens-routes.ts';
import { registerKeyRoutes } from './admin/key-routes.ts';
import { registerMeRoutes } from './admin/me-routes.ts';
import { registerOverviewRoutes } from './admin/overview-routes.ts';
import { registerPolicyRoutes } from './admin/policy-routes.ts';
import { registerScopeRoutes } from './admin/scope-routes.ts';
import { registerSettingsCatalogRoutes } from './admin/settings-catalog-routes.ts';
import { registerSimulateRoutes } from './admin/simulate-routes.ts';
import { registerTenantRoutes } from './admin/tenant-routes.ts';
import { registerUserRoutes } from './admin/user-routes.ts';
import { registerConsole } from './console/console-routes.ts';
import { allowCrossOrigin } from './cross-origin.ts';
import { registerCustomerRoutes } from './customer/customer-routes.ts';
import { answerError, installErrorHandler } from './error-handler.ts';
import { registerFirstPartyRoutes } from './first-party/auth-routes.ts';
import { installFormParser } from './form.ts';
import { acceptEmptyJsonBodies } from './json-bodies.ts';
import { checkJsonInput } from './json-input.ts';
import { registerAuthorizeRoutes } from './oauth/authorize-routes.ts';
import { registerDeviceRoutes } from './oauth/device-routes.ts';
import { registerDiscoveryRoutes } from './oauth/discovery-routes.ts';
import { registerEndSessionRoutes } from './oauth/end-session-routes.ts';
import { registerIntrospectionRoute } from './oauth/introspection-route.ts';
import { answerOtherMethods } from './oauth/other-methods.ts';
import { registerRevocationFeedRoute } from './oauth/revocation-feed-route.ts';
import { registerRevocationRoute } from './oauth/revocation-route.ts';
import { registerTokenRoute } from './oauth/token-route.ts';
import { registerUserinfoRoutes } from './oauth/userinfo-routes.ts';
import { HttpMetrics } from './ops/metrics.ts';
import { registerOpsRoutes } from './ops/ops-routes.ts';
import type { TypedApp } from './typed-app.ts';

export interface AppOptions {
  /** pino options, or false for no logging (tests). */
  logger: boolean | { level: string };
}

const MANAGED_PREFIXES = ['/admin/v1', '/api/customer', '/oauth2/revocations'];

/** Builds the HTTP server without listening: tests call `inject`, `serve` calls `listen`. */
export async function buildApp(services: Services, options: AppOptions): Promise<FastifyInstance> {
  const metrics = new HttpMetrics();
  const app = Fastify({
    logger: options.logger,
    // access logs cost as much as a token; errors and lifecycle events are still logged
    logController: new LogController({ disableRequestLogging: true }),
    // malformed URLs and over-long path parameters are answered like every other error
    frameworkErrors: answerError(metrics),
    bodyLimit: 256 * 1024,
    // ids may be 128 characters, percent-encoded: the default limit of 100 would refuse some
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
    // a body with a field the schema does not know is refused, not silently trimmed
    ajv: { customOptions: { removeAdditional: false } },
    trustProxy: false,
  });
  metrics.install(app);
  installErrorHandler(app, metrics);
  await allowCrossOrigin(app, services.config.corsOrigins);
  // every audit event also goes to the structured log
  services.audit.onRecorded((event) => app.log.info({ audit: event }, 'audit event'));
  const interactions = new Interactions(services.clock, services.repositories.interactions);

  const { config } = services;
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lifespan management API', version: '1' },
      components: {
        securitySchemes: {
          adminKey: { type: 'http', scheme: 'bearer' },
          clientBasic: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ adminKey: [] }],
    },
    transform: ({ schema, url }) => ({
      schema: MANAGED_PREFIXES.some((prefix) => url.startsWith(prefix)) ? schema : { ...schema, hide: true },
      url,
    }),
  });

  registerOpsRoutes(app, { metrics, ready: () => services.ready() });
  registerDiscoveryRoutes(app, {
    issuer: config.issuer,
    keys: services.keys,
    grantTypes: () => services.grants.supported(),
  });

  await app.register(async (oauth) => {
    installFormParser(oauth);
    registerTokenRoute(oauth, {
      clientAuthentication: services.clientAuthentication,
      grants: services.grants,
      metrics,
      rateLimits: services.rateLimits,
      issuance: services.issuance,
    });
    registerIntrospectionRoute(oauth, {
      issuer: config.issuer,
      clientAuthentication: services.clientAuthentication,
      introspection: services.introspection,
    });
    registerRevocationRoute(oauth, {
      clientAuthentication: services.clientAuthentication,
      revocation: services.revocation,
      audit: services.audit,
    });
    registerRevocationFeedRoute(oauth, {
      clientAuthentication: services.clientAuthentication,
      feed: services.revocationFeed,
    });
    registerUserinfoRoutes(oauth, services.userinfo);
    // only the browser pages read and set cookies: the token, introspection and revocation hot paths skip
    // the cookie hooks (measured by `npm run bench`)
    await oauth.register(async (pages) => {
      await pages.register(cookie);
      registerAuthorizeRoutes(pages, { services, interactions });
      registerDeviceRoutes(pages, { services, interactions });
      registerEndSessionRoutes(pages, services);
    });
    answerOtherMethods(
      oauth,
      ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke', '/oauth2/device_authorization'],
      'POST',
    );
    answerOtherMethods(oauth, ['/oauth2/revocations'], 'GET');
  });

  await app.register(async (firstParty) => {
    checkJsonInput(firstParty);
    acceptEmptyJsonBodies(firstParty);
    registerFirstPartyRoutes(firstParty.withTypeProvider<TypeBoxTypeProvider>() as TypedApp, services);
  });

  await registerConsole(app, config.consoleAssets);

  app.get('/admin/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (managed) => {
    const typed = managed.withTypeProvider<TypeBoxTypeProvider>() as TypedApp;
    // the management API takes JSON only: anything else is 415 (Fastify parses text/plain by default)
    managed.removeContentTypeParser('text/plain');
    // the JSON faces only: the OAuth endpoints take forms (strings) and parse their numbers themselves
    checkJsonInput(managed);
    acceptEmptyJsonBodies(managed);
    requireAdministrator(managed, {
      access: services.managementAccess,
      scopes: services.tenantScopes,
      configuration: services.configuration,
      users: services.repositories.users,
    });
    recordAdminActions(managed, services.audit);
    registerMeRoutes(typed, services.policies);
    registerOverviewRoutes(typed, services.overviews, services.keys);
    registerAuditRoutes(typed, services.audit, services.tenantScopes);
    registerTenantRoutes(typed, services.tenants, services.tenantScopes);
    registerClientRoutes(typed, services.clients, services.tenantScopes);
    registerScopeRoutes(typed, services.scopes);
    registerUserRoutes(typed, services.users, services.tenantScopes);
    registerPolicyRoutes(typed, {
      policies: services.policies,
      previews: services.policyPreviews,
      users: services.users,
      configured: config.servicePolicy,
    });
    registerSimulateRoutes(typed, services);
    registerExpireTokensRoutes(typed, {
      service: services.service,
      tenants: services.tenants,
      clients: services.clients,
      previews: services.policyPreviews,
    });
    registerSettingsCatalogRoutes(typed);
    registerKeyRoutes(typed, services.keys, services.keyRotation);
    registerCustomerRoutes(typed, {
      tenants: services.tenants,
      tenantRepository: services.repositories.tenants,
    });
  });
  return app;
}
