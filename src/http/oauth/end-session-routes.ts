import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { auditContext } from '../audit-context.ts';
import { FormBody } from '../form.ts';
import { clearCookie, cookieOf, SESSION_COOKIE } from '../pages/cookies.ts';
import { errorPage, html, sendPage } from '../pages/html.ts';
import { redirectWith, singleValues } from './redirects.ts';

/** OpenID Connect RP-Initiated Logout 1.0 §2: GET or POST. */
export function registerEndSessionRoutes(app: FastifyInstance, services: Services): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const values =
      request.method === 'POST' && request.body instanceof FormBody
        ? {
            id_token_hint: request.body.get('id_token_hint'),
            client_id: request.body.get('client_id'),
            post_logout_redirect_uri: request.body.get('post_logout_redirect_uri'),
            state: request.body.get('state'),
          }
        : singleValues(request.query).values;
    const active = await services.sessions.resume(cookieOf(request, SESSION_COOKIE));
    const outcome = await services.logout.logout(
      {
        idTokenHint: values.id_token_hint,
        clientId: values.client_id,
        postLogoutRedirectUri: values.post_logout_redirect_uri,
        state: values.state,
      },
      active,
    );
    if (outcome.kind === 'refused') return errorPage(reply, 400, outcome.reason);
    if (active) {
      const fact = {
        action: 'logout',
        outcome: 'success' as const,
        tenantId: active.user.tenantId,
        subject: active.user.id,
      };
      await services.audit.record(auditContext(request), fact);
    }
    clearCookie(reply, services.config.issuer, SESSION_COOKIE);
    if (outcome.kind === 'redirect') {
      return redirectWith(
        reply,
        302,
        outcome.uri,
        'query',
        outcome.state === undefined ? {} : { state: outcome.state },
      );
    }
    return sendPage(reply, 200, 'Signed out', html`<h1>You are signed out</h1>`);
  };
  app.get('/oauth2/end_session', handler);
  app.post('/oauth2/end_session', handler);
}
