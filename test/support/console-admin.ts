import { SERVICE_TENANT_ID } from '../../src/domain/admin/built-ins.ts';
import { consoleOrigins } from '../../src/http/console/origins.ts';
import { CHALLENGE, UserAgent, VERIFIER } from './browser-login.ts';
import type { TestLifespan } from './lifespan.ts';

export const CONSOLE_REDIRECT = 'http://127.0.0.1:8080/console/callback';
export const ADMIN_PASSWORD = 'correct horse battery staple';

/** The service tenant and the console's client, as `lifespan serve` makes sure of at start. */
export const bootstrapConsole = (lifespan: TestLifespan): Promise<void> =>
  lifespan.services.consoleBootstrap.ensure(consoleOrigins(lifespan.services.config));

/** A console administrator (class admin in the service tenant); `administers` restricts them to a subtree. */
export async function createAdministrator(
  lifespan: TestLifespan,
  username: string,
  administers: string | null = null,
): Promise<string> {
  const { user } = await lifespan.services.users.create({
    tenantId: SERVICE_TENANT_ID,
    username,
    password: ADMIN_PASSWORD,
    subjectClass: 'admin',
    administers,
  });
  return user.id;
}

export interface ConsoleSignIn {
  accessToken: string;
  refreshToken: string;
  agent: UserAgent;
}

/** Signs in to the console as a browser would: authorization code with PKCE, as the public console client. */
export async function signInToConsole(
  lifespan: TestLifespan,
  username: string,
  password = ADMIN_PASSWORD,
): Promise<ConsoleSignIn> {
  const agent = new UserAgent(lifespan);
  const redirect = await agent.authorize(
    {
      response_type: 'code',
      client_id: '_lifespan-console',
      redirect_uri: CONSOLE_REDIRECT,
      scope: 'openid',
      state: 'console-state',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    },
    { username, password },
  );
  const code = redirect.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${redirect}`);
  const token = await lifespan.form('/oauth2/token', {
    grant_type: 'authorization_code',
    client_id: '_lifespan-console',
    code,
    redirect_uri: CONSOLE_REDIRECT,
    code_verifier: VERIFIER,
  });
  if (token.statusCode !== 200) throw new Error(`token: ${token.body}`);
  return { accessToken: token.json().access_token, refreshToken: token.json().refresh_token, agent };
}

/** A management API call with a console access token. */
export const asAdministrator = (
  lifespan: TestLifespan,
  accessToken: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
) =>
  lifespan.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${accessToken}` },
    ...(body !== undefined && { payload: body as Record<string, unknown> }),
  });
