import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '../../domain/clients/client.ts';
import { InvalidGrant } from '../../domain/errors.ts';
import { displayUserCode } from '../../domain/grants/device-flow.ts';
import type { Interaction } from '../../domain/sessions/interaction.ts';
import type { Interactions } from '../../domain/sessions/interactions.ts';
import type { Services } from '../../services.ts';
import { auditContext } from '../audit-context.ts';
import { FormBody } from '../form.ts';
import { cookieOf, INTERACTION_COOKIE, SESSION_COOKIE, setCookie } from '../pages/cookies.ts';
import { deviceDecisionForm, loginForm, userCodeForm } from '../pages/forms.ts';
import { errorPage, html, sendPage } from '../pages/html.ts';
import { rateLimitPage } from '../pages/rate-limit-page.ts';
import { limitRequest } from '../rate-limit.ts';
import { noStore } from './no-store.ts';
import { formOf, presentedCredentials } from './request.ts';

export interface DeviceDeps {
  services: Services;
  interactions: Interactions;
}

const EXPIRED = 'This page has expired. Start again from the code on your device.';

/** RFC 8628: the device authorization endpoint, and the pages where the user enters the code and decides. */
export function registerDeviceRoutes(app: FastifyInstance, { services, interactions }: DeviceDeps): void {
  const issuer = services.config.issuer;

  // RFC 8628 §3.1–3.2
  app.post('/oauth2/device_authorization', async (request, reply) => {
    const form = formOf(request);
    const presented = presentedCredentials(request, form);
    await limitRequest(services, request, presented.clientId);
    const client = await services.clientAuthentication.authenticate(presented);
    const started = await services.deviceFlow.start(client, form.get('scope'));
    noStore(reply);
    return {
      device_code: started.deviceCode,
      user_code: started.userCode,
      verification_uri: `${issuer}/device`,
      verification_uri_complete: `${issuer}/device?user_code=${encodeURIComponent(started.userCode)}`,
      expires_in: started.expiresIn,
      interval: started.interval,
    };
  });

  const guardOf = (interaction: Interaction) => ({
    interaction: interaction.id,
    csrf: interaction.csrfToken,
  });

  async function verified(
    request: FastifyRequest,
  ): Promise<{ form: FormBody; interaction: Interaction } | undefined> {
    const form = request.body instanceof FormBody ? request.body : new FormBody('');
    const interaction = await interactions.verify(
      'device',
      cookieOf(request, INTERACTION_COOKIE),
      form.get('interaction'),
      form.get('csrf'),
    );
    return interaction && { form, interaction };
  }

  /** The client and pending authorization the interaction is about, if still pending. */
  async function pendingOf(interaction: Interaction) {
    const userCode = interaction.parameters.user_code;
    const authorization = userCode === undefined ? undefined : await services.deviceFlow.pending(userCode);
    const client = authorization && (await services.configuration.client(authorization.clientId));
    return authorization && client ? { authorization, client } : undefined;
  }

  const decision = (reply: FastifyReply, interaction: Interaction, client: Client) =>
    sendPage(
      reply,
      200,
      'Allow the device?',
      // RFC 8628 §5.4: the user compares this with the device's screen, so it reads the same
      deviceDecisionForm(
        guardOf(interaction),
        client.name,
        displayUserCode(interaction.parameters.user_code ?? ''),
      ),
    );

  app.get('/device', async (request, reply) => {
    const interaction = await interactions.open('device', '', {});
    setCookie(reply, issuer, INTERACTION_COOKIE, interaction.id);
    const typed = (request.query as Record<string, unknown>).user_code;
    return sendPage(
      reply,
      200,
      'Connect a device',
      userCodeForm(guardOf(interaction), typeof typed === 'string' ? typed : ''),
    );
  });

  app.post('/device', async (request, reply) => {
    const found = await verified(request);
    if (!found) return errorPage(reply, 400, EXPIRED);
    const typed = found.form.get('user_code') ?? '';
    const authorization = await services.deviceFlow.pending(typed);
    if (!authorization) {
      return sendPage(
        reply,
        400,
        'Connect a device',
        userCodeForm(guardOf(found.interaction), typed, 'That code is unknown or has expired.'),
      );
    }
    const interaction = await interactions.update(found.interaction, { user_code: authorization.userCode });
    const pending = await pendingOf(interaction);
    if (!pending) return errorPage(reply, 400, EXPIRED);
    const active = await services.sessions.resume(cookieOf(request, SESSION_COOKIE));
    if (active && active.user.tenantId === pending.client.tenantId)
      return decision(reply, interaction, pending.client);
    return sendPage(
      reply,
      200,
      'Sign in',
      loginForm('/device/login', guardOf(interaction), `Sign in to ${pending.client.name}`),
    );
  });

  app.post('/device/login', async (request, reply) => {
    const found = await verified(request);
    const pending = found && (await pendingOf(found.interaction));
    if (!found || !pending) return errorPage(reply, 400, EXPIRED);
    const username = found.form.get('username') ?? '';
    const limited = await rateLimitPage(services, request, reply, pending.client.id);
    if (limited) return limited;
    try {
      const user = await services.passwordLogin.authenticate(
        pending.client.tenantId,
        username,
        found.form.get('password') ?? '',
        request.ip,
        auditContext(request),
      );
      const { secret } = await services.sessions.start(user);
      setCookie(reply, issuer, SESSION_COOKIE, secret);
    } catch (error) {
      if (!(error instanceof InvalidGrant)) throw error;
      const page = loginForm(
        '/device/login',
        guardOf(found.interaction),
        `Sign in to ${pending.client.name}`,
        error.description,
        username,
      );
      return sendPage(reply, 401, 'Sign in', page);
    }
    return decision(reply, found.interaction, pending.client);
  });

  app.post('/device/decision', async (request, reply) => {
    const found = await verified(request);
    const pending = found && (await pendingOf(found.interaction));
    if (!found || !pending) return errorPage(reply, 400, EXPIRED);
    // the decision is the logged-in user's: the session set by the login page (cookie) is required
    const active = await services.sessions.resume(cookieOf(request, SESSION_COOKIE));
    if (!active || active.user.tenantId !== pending.client.tenantId) return errorPage(reply, 400, EXPIRED);
    await interactions.close(found.interaction.id);
    if (found.form.get('decision') === 'approve') {
      await services.deviceFlow.approve(pending.authorization, active.user, active.session);
      return sendPage(
        reply,
        200,
        'Device connected',
        html`<h1>Device connected</h1><p>You can return to your device.</p>`,
      );
    }
    await services.deviceFlow.deny(pending.authorization);
    return sendPage(
      reply,
      200,
      'Device denied',
      html`<h1>Request denied</h1><p>The device was not connected.</p>`,
    );
  });
}
