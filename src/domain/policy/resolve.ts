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

export interface ResolvedPolicy {
  settings: EffectiveSettings;
  explanation: Explanation;
}

interface Layer {
  source: SettingSource;
  section: PolicySection;
}

/** Orders the sections so that a later one wins over an earlier one (scopes are handled apart). */
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
  return layers;
}

/** Resolves every setting along the path: the most specific level wins, then the smallest ceiling binds. */
export function resolvePolicy(path: PolicyPath): ResolvedPolicy {
  const layers = orderedLayers(path);
  const tail: Layer[] = path.user ? [{ source: path.user.source, section: path.user.policy }] : [];
  const scopeLayers: Layer[] = path.scopes.map(({ source, policy }) => ({ source, section: policy }));
  const explanation = {} as Record<SettingName, ExplainedSetting>;

  for (const name of SETTING_NAMES) {
    let chosen: ExplainedSetting = { value: DEFAULT_SETTINGS[name], source: { level: 'default' } };
    for (const layer of layers) {
      const value = layer.section[name];
      if (value !== undefined) chosen = { value, source: layer.source };
    }
    const fromScopes = shortestAmong(scopeLayers, name);
    if (fromScopes) chosen = fromScopes;
    for (const layer of tail) {
      const value = layer.section[name];
      if (value !== undefined) chosen = { value, source: layer.source };
    }
    if (isDurationKind(SETTINGS[name].kind)) {
      const ceiling = smallestCeiling([...layers, ...scopeLayers, ...tail], name);
      if (ceiling) {
        chosen.ceiling = ceiling;
        if (durationRank(chosen.value) > ceiling.value) {
          chosen = { value: ceiling.value, source: chosen.source, clampedBy: ceiling.source, ceiling };
        }
      }
    }
    explanation[name] = chosen;
  }

  const settings = Object.fromEntries(
    SETTING_NAMES.map((name) => [name, explanation[name].value]),
  ) as unknown as EffectiveSettings;
  return { settings, explanation: explanation as Explanation };
}

function shortestAmong(layers: Layer[], name: SettingName): ExplainedSetting | undefined {
  let best: ExplainedSetting | undefined;
  for (const layer of layers) {
    const value = layer.section[name];
    if (value !== undefined && (!best || durationRank(value) < durationRank(best.value))) {
      best = { value, source: layer.source };
    }
  }
  return best;
}

function smallestCeiling(layers: Layer[], name: SettingName): Ceiling | undefined {
  let best: Ceiling | undefined;
  for (const layer of layers) {
    const value = layer.section.max?.[name];
    if (value !== undefined && (!best || value < best.value)) best = { value, source: layer.source };
  }
  return best;
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
