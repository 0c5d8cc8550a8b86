import type { FastifyInstance, FastifyReply } from 'fastify';
import { InvalidGrant } from '../../domain/errors.ts';
import {
  type AuthorizationRequest,
  parseAuthorizationRequest,
  RedirectedError,
  UnredirectableError,
} from '../../domain/grants/authorization-request.ts';
import type { Interactions } from '../../domain/sessions/interactions.ts';
import type { ActiveSession } from '../../domain/sessions/login-sessions.ts';
import type { Services } from '../../services.ts';
import { auditContext } from '../audit-context.ts';
import { FormBody } from '../form.ts';
import { cookieOf, INTERACTION_COOKIE, SESSION_COOKIE, setCookie } from '../pages/cookies.ts';
import { loginForm } from '../pages/forms.ts';
import { errorPage, sendPage } from '../pages/html.ts';
import { rateLimitPage } from '../pages/rate-limit-page.ts';
import { redirectWith, singleValues } from './redirects.ts';

export interface AuthorizeDeps {
  services: Services;
  interactions: Interactions;
}

const LOGIN_ACTION = '/oauth2/authorize/login';

/**
 * RFC 6749 §4.1 / OpenID Connect Core §3.1.2: the authorization endpoint and its login form. Errors that may go
 * to a verified redirect URI go there; the others are shown to the user.
 */
export function registerAuthorizeRoutes(
  app: FastifyInstance,
  { services, interactions }: AuthorizeDeps,
): void {
  const issuer = services.config.issuer;

  async function answer(
    reply: FastifyReply,
    status: 302 | 303,
    request: AuthorizationRequest,
    active: ActiveSession,
  ): Promise<FastifyReply> {
    const { redirectUri, responseMode, parameters } = await services.authorizations.answer(request, active);
    // the implicit grant issues its access token here, not at the token endpoint
    if (request.responseType === 'token') services.issuance.record(request.client.tenantId, 'implicit');
    return redirectWith(reply, status, redirectUri, responseMode, parameters);
  }

  async function showLogin(
    reply: FastifyReply,
    request: AuthorizationRequest,
    parameters: Record<string, string>,
  ) {
    const interaction = await interactions.open('authorize', request.client.id, parameters);
    setCookie(reply, issuer, INTERACTION_COOKIE, interaction.id);
    const guard = { interaction: interaction.id, csrf: interaction.csrfToken };
    return sendPage(
      reply,
      200,
      'Sign in',
      loginForm(LOGIN_ACTION, guard, `Sign in to ${request.client.name}`),
    );
  }

  const handled = (reply: FastifyReply, status: 302 | 303, error: unknown): FastifyReply => {
    if (error instanceof UnredirectableError) return errorPage(reply, 400, error.message);
    if (error instanceof RedirectedError) {
      const { redirectUri, responseMode, state } = error;
      const parameters = {
        error: error.error.code,
        error_description: error.error.description,
        ...(state !== undefined && { state }),
        ...(responseMode === 'query' && { iss: issuer }),
      };
      return redirectWith(reply, status, redirectUri, responseMode, parameters);
    }
    throw error;
  };

  app.get('/oauth2/authorize', async (httpRequest, reply) => {
    const { values, repeated } = singleValues(httpRequest.query);
    try {
      const request = await parseAuthorizationRequest(values, services.configuration, repeated);
      const active = await services.sessions.resume(cookieOf(httpRequest, SESSION_COOKIE));
      if (active && !services.authorizations.needsLogin(request, active, false)) {
        return await answer(reply, 302, request, active);
      }
      services.authorizations.needsLogin(request, undefined, false); // prompt=none without a session is an error
      return await showLogin(reply, request, values);
    } catch (error) {
      return handled(reply, 302, error);
    }
  });

  app.post(LOGIN_ACTION, async (httpRequest, reply) => {
    const form = httpRequest.body instanceof FormBody ? httpRequest.body : new FormBody('');
    const interaction = await interactions.verify(
      'authorize',
      cookieOf(httpRequest, INTERACTION_COOKIE),
      form.get('interaction'),
      form.get('csrf'),
    );
    if (!interaction)
      return errorPage(
        reply,
        400,
        'This sign-in form has expired. Go back to the application and start again.',
      );
    try {
      const request = await parseAuthorizationRequest(interaction.parameters, services.configuration);
      const limited = await rateLimitPage(services, httpRequest, reply, request.client.id);
      if (limited) return limited;
      const username = form.get('username') ?? '';
      let user: Awaited<ReturnType<Services['passwordLogin']['authenticate']>>;
      try {
        user = await services.passwordLogin.authenticate(
          request.client.tenantId,
          username,
          form.get('password') ?? '',
          httpRequest.ip, // a browser login's device is its address
          auditContext(httpRequest),
        );
      } catch (error) {
        if (!(error instanceof InvalidGrant)) throw error;
        const guard = { interaction: interaction.id, csrf: interaction.csrfToken };
        const page = loginForm(
          LOGIN_ACTION,
          guard,
          `Sign in to ${request.client.name}`,
          error.description,
          username,
        );
        return sendPage(reply, 401, 'Sign in', page);
      }
      const { session, secret } = await services.sessions.start(user);
      setCookie(reply, issuer, SESSION_COOKIE, secret);
      await interactions.close(interaction.id);
      return await answer(reply, 303, request, { session, user });
    } catch (error) {
      return handled(reply, 303, error);
    }
  });
}
