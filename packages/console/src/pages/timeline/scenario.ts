import type { paths } from '../../api/management-api.ts';
import { DURATION_UNITS, type DurationUnit } from '../../format/duration.ts';

type Simulate = paths['/admin/v1/policy/simulate']['post'];
export type SimulationRequest = Simulate['requestBody']['content']['application/json'];
export type Simulation = Simulate['responses'][200]['content']['application/json'];
export type Piece = Simulation['pieces'][number];
export type PieceKind = Piece['kind'];
export type EndCause = NonNullable<Piece['endedBy']>;
export type LoginFlow = Simulation['scenario']['loginFlow'];

/** The settings a simulation reads, in the order the server lists them. */
export const SIMULATED_SETTINGS = [
  'authorizationCodeTtl',
  'accessTokenTtl',
  'idTokenTtl',
  'refreshTokenEnabled',
  'refreshTokenTtl',
  'refreshTokenAbsoluteTtl',
  'refreshTokenExpiration',
  'refreshTokenRotation',
  'sessionIdleTtl',
  'sessionMaxTtl',
  'accountValidity',
  'requestOverCeiling',
] as const satisfies readonly (keyof Simulation['settings'])[];

/** A duration as its control holds it: an amount (empty: not given) and a unit. */
export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
}

/** What the simulated app does, as the scenario form and the page's address hold it. */
export interface ScenarioDraft {
  loginFlow: LoginFlow;
  refreshEvery: DurationDraft;
  activeFor: DurationDraft;
  horizon: DurationDraft;
  requestedAccessTokenTtl: DurationDraft;
}

const DURATION_FIELDS = ['refreshEvery', 'activeFor', 'horizon', 'requestedAccessTokenTtl'] as const;

/** A first look: an app used every hour for a week, over a month. */
export const DEFAULT_SCENARIO: ScenarioDraft = {
  loginFlow: 'authorizationCode',
  refreshEvery: { amount: '1', unit: 'h' },
  activeFor: { amount: '7', unit: 'd' },
  horizon: { amount: '30', unit: 'd' },
  requestedAccessTokenTtl: { amount: '', unit: 'h' },
};

/** "10m" → 10 minutes; what the server takes as a duration, and what the address carries. */
const durationText = ({ amount, unit }: DurationDraft): string | undefined =>
  amount.trim() === '' ? undefined : `${amount.trim()}${unit}`;

function durationDraft(text: string | null, fallback: DurationDraft): DurationDraft {
  if (text === null) return fallback;
  if (text === '') return { ...fallback, amount: '' };
  const match = /^(\d+)([wdhms])$/.exec(text);
  const unit = DURATION_UNITS.find((u) => u.unit === match?.[2])?.unit;
  // anything else is kept as typed, and the server names the problem
  return match && unit ? { amount: match[1] ?? '', unit } : { amount: text, unit: 's' };
}

/** The scenario in the page's address (?refreshEvery=10m&activeFor=2d…), defaults for what it does not say. */
export function scenarioFromSearch(search: URLSearchParams): ScenarioDraft {
  const flow = search.get('loginFlow');
  return {
    loginFlow: flow === 'firstParty' ? 'firstParty' : 'authorizationCode',
    refreshEvery: durationDraft(search.get('refreshEvery'), DEFAULT_SCENARIO.refreshEvery),
    activeFor: durationDraft(search.get('activeFor'), DEFAULT_SCENARIO.activeFor),
    horizon: durationDraft(search.get('horizon'), DEFAULT_SCENARIO.horizon),
    requestedAccessTokenTtl: durationDraft(
      search.get('requestedAccessTokenTtl'),
      DEFAULT_SCENARIO.requestedAccessTokenTtl,
    ),
  };
}

/** The address's query with the scenario written in (an empty duration is kept, as "not given"). */
export function withScenario(search: URLSearchParams, scenario: ScenarioDraft): URLSearchParams {
  const next = new URLSearchParams(search);
  next.set('loginFlow', scenario.loginFlow);
  for (const field of DURATION_FIELDS) next.set(field, durationText(scenario[field]) ?? '');
  if (scenario.loginFlow !== 'firstParty') next.delete('requestedAccessTokenTtl');
  return next;
}

/** The body's scenario: only what is given; a requested lifetime only for a first-party login. */
export function scenarioBody(scenario: ScenarioDraft): NonNullable<SimulationRequest['scenario']> {
  const body: NonNullable<SimulationRequest['scenario']> = { loginFlow: scenario.loginFlow };
  for (const field of DURATION_FIELDS) {
    const text = durationText(scenario[field]);
    if (text === undefined) continue;
    if (field === 'requestedAccessTokenTtl' && scenario.loginFlow !== 'firstParty') continue;
    body[field] = text;
  }
  return body;
}
