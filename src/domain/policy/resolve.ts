import { InvalidRequest } from '../errors.ts';
import type { PolicyDocument, PolicySection } from './document.ts';
import {
  DEFAULT_SETTINGS,
  durationRank,
  type EffectiveSettings,
  isDurationKind,
  SETTING_NAMES,
  SETTINGS,
  type SettingName,
  type SettingValue,
  type SubjectClass,
} from './settings.ts';

/** Where a value or a ceiling came from, as the explanation reports it. */
export type SettingSource =
  | { level: 'default' }
  | { level: 'service'; id: 'configuration' | 'stored' }
  | { level: 'tenant'; id: string }
  | { level: 'client'; id: string }
  | { level: 'subjectClass'; id: SubjectClass; owner: EntitySource }
  | { level: 'scope'; id: string }
  | { level: 'user'; id: string }
  | { level: 'request' };

export type EntitySource = Extract<SettingSource, { level: 'service' | 'tenant' | 'client' }>;

export interface PolicyLevelDocument<S extends SettingSource = SettingSource> {
  source: S;
  policy: PolicyDocument;
}

/** Every document on the path of one token, broad to specific (the levels of lifetime-policy.md). */
export interface PolicyPath {
  /** Service level: the configuration (environment, config file) and then the stored service policy. */
  service: PolicyLevelDocument<EntitySource>[];
  /** The tenant chain, root first: each tenant inherits from its parent. */
  tenants: PolicyLevelDocument<EntitySource>[];
  client?: PolicyLevelDocument<EntitySource>;
  subjectClass: SubjectClass;
  /** Requested scopes that carry a policy; the shortest value among them applies. */
  scopes: PolicyLevelDocument[];
  user?: PolicyLevelDocument;
}

export interface Ceiling {
  value: number;
  source: SettingSource;
}

export interface ExplainedSetting<V extends SettingValue = SettingValue> {
  value: V;
  source: SettingSource;
  /** Present when a ceiling lowered the value; names the level whose ceiling did it. */
  clampedBy?: SettingSource;
  /** The smallest ceiling on the path, when there is one. */
  ceiling?: Ceiling;
}

export type Explanation = { [K in SettingName]: ExplainedSetting<EffectiveSettings[K]> };

/**
 * What became of one level's say about a setting: its value `won`, was `overridden` by a later level, or, for a
 * scope, lost to a shorter (or equal, earlier) scope (`longer-scope`); `ceiling-only` when it sets only a `max`.
 */
export type StackRole = 'won' | 'overridden' | 'longer-scope' | 'ceiling-only';

/** One level on the path that says something about a setting. */
export interface StackEntry<V extends SettingValue = SettingValue> {
  source: SettingSource;
  /** The value the level sets. */
  value?: V;
  /** The ceiling the level sets, in seconds. */
  max?: number;
  role: StackRole;
  /** The level's ceiling is the one that binds (the smallest on the path; the first among equals). */
  binding?: true;
  /** The binding ceiling lowered the winning value. */
  clamped?: true;
}

/** Per setting, the levels that say something about it, broad to specific, the default first. */
export type SettingStacks = { [K in SettingName]: StackEntry<EffectiveSettings[K]>[] };

export interface ResolvedPolicy {
  settings: EffectiveSettings;
  explanation: Explanation;
  stacks: SettingStacks;
}

/** An explained setting with its stack, as the Explain page shows it. */
export type StackedSetting<V extends SettingValue = SettingValue> = ExplainedSetting<V> & {
  stack: StackEntry<V>[];
};
export type StackedExplanation = { [K in SettingName]: StackedSetting<EffectiveSettings[K]> };

export function stackedExplanation(explanation: Explanation, stacks: SettingStacks): StackedExplanation {
  return Object.fromEntries(
    SETTING_NAMES.map((name) => [name, { ...explanation[name], stack: stacks[name] }]),
  ) as unknown as StackedExplanation;
}

interface Layer {
  source: SettingSource;
  section: PolicySection;
  /** Scopes compete among themselves: the shortest value wins. */
  isScope?: boolean;
}

/**
 * Every section on the path in the order the resolver reads them: entities (service configuration, stored
 * service, tenants root first, client), the subject-class blocks in the same owner order, the scopes, the user.
 */
function orderedLayers(path: PolicyPath): Layer[] {
  const entities: PolicyLevelDocument<EntitySource>[] = [
    ...path.service,
    ...path.tenants,
    ...(path.client ? [path.client] : []),
  ];
  const layers: Layer[] = entities.map(({ source, policy }) => ({ source, section: policy }));
  for (const { source, policy } of entities) {
    const section = policy.subjectClasses?.[path.subjectClass];
    if (section)
      layers.push({ source: { level: 'subjectClass', id: path.subjectClass, owner: source }, section });
  }
  for (const { source, policy } of path.scopes) layers.push({ source, section: policy, isScope: true });
  if (path.user) layers.push({ source: path.user.source, section: path.user.policy });
  return layers;
}

/**
 * Resolves every setting along the path: the most specific level wins (among the scopes, the shortest), then
 * the smallest ceiling binds. The same pass records each setting's stack.
 */
export function resolvePolicy(path: PolicyPath): ResolvedPolicy {
  const layers = orderedLayers(path);
  const explanation = {} as Record<SettingName, ExplainedSetting>;
  const stacks = {} as Record<SettingName, StackEntry[]>;
  for (const name of SETTING_NAMES) {
    const resolved = resolveSetting(layers, name);
    explanation[name] = resolved.explained;
    stacks[name] = resolved.stack;
  }

  return {
    settings: settingsOf(explanation as Explanation),
    explanation: explanation as Explanation,
    stacks: stacks as SettingStacks,
  };
}

/** The value of every setting an explanation gives. */
export const settingsOf = (explanation: Explanation): EffectiveSettings =>
  Object.fromEntries(
    SETTING_NAMES.map((name) => [name, explanation[name].value]),
  ) as unknown as EffectiveSettings;

function resolveSetting(
  layers: readonly Layer[],
  name: SettingName,
): { explained: ExplainedSetting; stack: StackEntry[] } {
  const hasCeilings = isDurationKind(SETTINGS[name].kind);
  const stack: StackEntry[] = [
    { source: { level: 'default' }, value: DEFAULT_SETTINGS[name], role: 'overridden' },
  ];
  let won = 0;
  let shortestScope: number | undefined;
  let binding: number | undefined;
  const valueAt = (index: number): SettingValue => stack[index]?.value ?? DEFAULT_SETTINGS[name];
  const maxAt = (index: number): number => stack[index]?.max ?? Number.POSITIVE_INFINITY;

  for (const { source, section, isScope } of layers) {
    const value = section[name];
    const max = hasCeilings ? section.max?.[name] : undefined;
    if (value === undefined && max === undefined) continue;
    const index = stack.length;
    stack.push({
      source,
      ...(value !== undefined && { value }),
      ...(max !== undefined && { max }),
      role: value === undefined ? 'ceiling-only' : isScope ? 'longer-scope' : 'overridden',
    });
    if (value !== undefined && !isScope) won = index;
    if (
      value !== undefined &&
      isScope &&
      (shortestScope === undefined || durationRank(value) < durationRank(valueAt(shortestScope)))
    ) {
      shortestScope = index;
      won = index;
    }
    if (max !== undefined && (binding === undefined || max < maxAt(binding))) binding = index;
  }

  const winner = stack[won] as StackEntry;
  winner.role = 'won';
  // the shortest scope lost to a later level (the user), not to another scope
  if (shortestScope !== undefined && shortestScope !== won) {
    (stack[shortestScope] as StackEntry).role = 'overridden';
  }
  let explained: ExplainedSetting = { value: valueAt(won), source: winner.source };
  if (binding !== undefined) {
    const entry = stack[binding] as StackEntry;
    const ceiling: Ceiling = { value: maxAt(binding), source: entry.source };
    entry.binding = true;
    explained.ceiling = ceiling;
    if (durationRank(explained.value) > ceiling.value) {
      entry.clamped = true;
      explained = { value: ceiling.value, source: winner.source, clampedBy: ceiling.source, ceiling };
    }
  }
  return { explained, stack };
}

export interface RequestedLifetime {
  /** Seconds, or `never`. */
  value: number | 'never';
  source: SettingSource;
  clampedBy?: SettingSource;
}

/**
 * The request level: a client may ask for a shorter lifetime, or a longer one up to the ceiling. Without an
 * explicit ceiling on the path, the resolved value is the bound, so a request can only shorten it.
 * Above the bound the policy's `requestOverCeiling` decides: clamp (and say so) or reject.
 */
export function applyRequestedLifetime(
  resolved: ResolvedPolicy,
  name: 'accessTokenTtl',
  requestedSeconds: number | undefined,
): RequestedLifetime {
  const explained = resolved.explanation[name];
  if (requestedSeconds === undefined) return explained;
  const bound = explained.ceiling ?? { value: durationRank(explained.value), source: explained.source };
  if (requestedSeconds <= bound.value) return { value: requestedSeconds, source: { level: 'request' } };
  if (resolved.settings.requestOverCeiling === 'reject') {
    throw new InvalidRequest(`expires_in must not exceed ${bound.value} seconds`);
  }
  return { value: bound.value, source: { level: 'request' }, clampedBy: bound.source };
}
