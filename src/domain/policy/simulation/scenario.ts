import { DurationSyntaxError, parseDurationSeconds } from '../../duration.ts';
import { type FieldProblem, ValidationFailed } from '../../errors.ts';

/**
 * How the user signs in. `authorizationCode`: through /oauth2/authorize, which starts a browser session and
 * issues a code; that flow takes no `expires_in`. `firstParty`: the first-party auth API (/api/v1/auth/login),
 * with no session and no code, where `expires_in` is honoured up to the ceiling.
 */
export const LOGIN_FLOWS = ['authorizationCode', 'firstParty'] as const;
export type LoginFlow = (typeof LOGIN_FLOWS)[number];

/** What the simulated app does after the login; every duration in seconds. */
export interface Scenario {
  loginFlow: LoginFlow;
  /** The app is used, and refreshes, every this many seconds after the login; null: never again. */
  refreshEvery: number | null;
  /** The app is used while t ≤ activeFor. */
  activeFor: number;
  /** The span simulated: no activity after it (pieces may still end after it). */
  horizon: number;
  /** `expires_in` asked for at the login (first-party login only); null: none. */
  requestedAccessTokenTtl: number | null;
}

export interface ScenarioInput {
  loginFlow?: LoginFlow | undefined;
  refreshEvery?: unknown;
  activeFor?: unknown;
  horizon?: unknown;
  requestedAccessTokenTtl?: unknown;
}

export const DEFAULT_HORIZON_SECONDS = 90 * 86_400;
export const LONGEST_HORIZON_SECONDS = 400 * 86_400;
/** A bound on the work of one simulation: the refreshes after it are not simulated (`truncated`). */
export const MAX_SIMULATED_REFRESHES = 1000;
/** The largest `expires_in` the token and first-party endpoints accept (ten digits). */
const LONGEST_REQUESTED_SECONDS = 9_999_999_999;

/** Parses and checks a scenario; every problem names its field (`scenario.horizon`, …). */
export function parseScenario(input: ScenarioInput, field = 'scenario'): Scenario {
  const problems: FieldProblem[] = [];
  const duration = (name: keyof ScenarioInput, min: number, max: number, bound: string): number | null => {
    const value = input[name];
    if (value === undefined) return null;
    try {
      const seconds = parseDurationSeconds(value);
      if (seconds >= min && seconds <= max) return seconds;
      problems.push({ field: `${field}.${name}`, message: `expected ${bound}, got ${seconds} s` });
    } catch (error) {
      if (!(error instanceof DurationSyntaxError)) throw error;
      problems.push({ field: `${field}.${name}`, message: error.message });
    }
    return null;
  };
  const loginFlow = input.loginFlow ?? 'authorizationCode';
  const horizon =
    duration('horizon', 1, LONGEST_HORIZON_SECONDS, `1 s to ${LONGEST_HORIZON_SECONDS} s (400 days)`) ??
    DEFAULT_HORIZON_SECONDS;
  const activeFor = duration('activeFor', 0, horizon, `0 s to the horizon (${horizon} s)`) ?? horizon;
  const refreshEvery = duration('refreshEvery', 1, Number.MAX_SAFE_INTEGER, 'at least 1 s');
  const requestedAccessTokenTtl = duration(
    'requestedAccessTokenTtl',
    1,
    LONGEST_REQUESTED_SECONDS,
    `1 s to ${LONGEST_REQUESTED_SECONDS} s, as expires_in accepts`,
  );
  if (input.requestedAccessTokenTtl !== undefined && loginFlow === 'authorizationCode') {
    problems.push({
      field: `${field}.requestedAccessTokenTtl`,
      message: 'the authorization code flow takes no expires_in; simulate a loginFlow of firstParty',
    });
  }
  if (problems.length > 0) throw new ValidationFailed('the scenario is not valid', problems);
  return { loginFlow, refreshEvery, activeFor, horizon, requestedAccessTokenTtl };
}
