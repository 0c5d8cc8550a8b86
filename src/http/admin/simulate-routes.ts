import type { UserAdministration } from '../../domain/accounts/user-administration.ts';
import type { ClientAdministration } from '../../domain/clients/client-administration.ts';
import type { Clock } from '../../domain/clock.ts';
import { ValidationFailed } from '../../domain/errors.ts';
import type { PolicyAdministration } from '../../domain/policy/policy-administration.ts';
import { settingsOf } from '../../domain/policy/resolve.ts';
import { parseScenario } from '../../domain/policy/simulation/scenario.ts';
import { simulateLogin } from '../../domain/policy/simulation/simulate.ts';
import type { TypedApp } from '../typed-app.ts';
import { parsePolicyContext } from './policy-context.ts';
import { ProblemSchema } from './schemas.ts';
import {
  SIMULATED_SETTINGS,
  SimulationRequestSchema,
  SimulationResponseSchema,
} from './simulation-schemas.ts';

export interface SimulateRouteDeps {
  policies: PolicyAdministration;
  users: UserAdministration;
  clients: ClientAdministration;
  clock: Clock;
}

export function registerSimulateRoutes(
  app: TypedApp,
  { policies, users, clients, clock }: SimulateRouteDeps,
) {
  app.post(
    '/admin/v1/policy/simulate',
    {
      schema: {
        tags: ['policy'],
        description:
          'simulates the lifetime policy for one login on a path: what it produces, when each piece ends and why, and when the login ends; every time is in seconds after the login',
        body: SimulationRequestSchema,
        response: {
          200: SimulationResponseSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const scenario = parseScenario(request.body.scenario ?? {});
      const { context, answered, user } = await parsePolicyContext(
        request.body.context ?? {},
        users,
        'context.',
      );
      if (context.subjectClass === 'service') {
        throw new ValidationFailed('a login is a person’s', [
          {
            field: 'context.subjectClass',
            message: 'the service class has no login: its tokens come from client credentials',
          },
        ]);
      }
      const { version, settings: explanation, stacks } = await policies.explain(context);
      const client = context.clientId === undefined ? undefined : await clients.get(context.clientId);
      const timeline = simulateLogin({
        policy: { settings: settingsOf(explanation), explanation, stacks },
        scopes: context.scopes,
        client,
        user,
        loginAt: clock.now(),
        scenario,
      });
      return {
        context: answered,
        version,
        scenario,
        settings: Object.fromEntries(SIMULATED_SETTINGS.map((name) => [name, explanation[name]])),
        ...timeline,
      };
    },
  );
}
