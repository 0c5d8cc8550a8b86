import type { paths } from '../api/management-api.ts';
import { durationInWords, valueInWords } from './duration.ts';

/** GET /admin/v1/policy/effective as the console receives it. */
export type EffectivePolicy =
  paths['/admin/v1/policy/effective']['get']['responses'][200]['content']['application/json'];
export type SettingName = keyof EffectivePolicy['settings'];
export type StackedSetting = EffectivePolicy['settings'][SettingName];
export type StackEntry = StackedSetting['stack'][number];

type SettingKind = 'duration' | 'count' | 'boolean' | 'enum';

interface SettingInfo {
  /** What a person calls it. */
  label: string;
  kind: SettingKind;
  /** For counts: what is counted ("failed logins"). */
  counts?: string;
}

/** Every setting of the policy, as the console names it (the server's SETTINGS, in words). */
export const SETTING_INFO = {
  accessTokenTtl: { label: 'Access token lifetime', kind: 'duration' },
  idTokenTtl: { label: 'ID token lifetime', kind: 'duration' },
  authorizationCodeTtl: { label: 'Authorization code lifetime', kind: 'duration' },
  deviceCodeTtl: { label: 'Device code lifetime', kind: 'duration' },
  requestOverCeiling: { label: 'A requested lifetime over the ceiling is', kind: 'enum' },
  refreshTokenEnabled: { label: 'Refresh tokens issued', kind: 'boolean' },
  refreshTokenTtl: { label: 'Refresh token lifetime', kind: 'duration' },
  refreshTokenAbsoluteTtl: { label: 'Refresh family absolute lifetime', kind: 'duration' },
  refreshTokenExpiration: { label: 'Refresh token expiration', kind: 'enum' },
  refreshTokenRotation: { label: 'Refresh token rotation', kind: 'boolean' },
  refreshTokenReuseInterval: { label: 'Rotated refresh token reuse grace', kind: 'duration' },
  sessionIdleTtl: { label: 'Login session idle timeout', kind: 'duration' },
  sessionMaxTtl: { label: 'Login session maximum lifetime', kind: 'duration' },
  accountValidity: { label: 'Account validity', kind: 'duration' },
  revokeRefreshOnPasswordChange: { label: 'Password change revokes refresh tokens', kind: 'boolean' },
  revokeAccessOnPasswordChange: { label: 'Password change revokes access tokens', kind: 'boolean' },
  revokeAllOnLogout: { label: 'Logout revokes every token of the user', kind: 'boolean' },
  accessTokenFormat: { label: 'Access token format', kind: 'enum' },
  signingAlgorithm: { label: 'Signing algorithm', kind: 'enum' },
  introspectionCacheTtl: { label: 'Introspection cache lifetime', kind: 'duration' },
  deviceMaxFailures: { label: 'Device lock after', kind: 'count', counts: 'failed logins' },
  deviceFailureWindow: { label: 'Device failure window', kind: 'duration' },
  deviceLockDuration: { label: 'Device lock duration', kind: 'duration' },
  userMaxDeviceLocks: { label: 'User lock after', kind: 'count', counts: 'device locks' },
  userDeviceLockWindow: { label: 'User device-lock window', kind: 'duration' },
  userLockDuration: { label: 'User lock duration', kind: 'duration' },
  rateLimitPerClient: { label: 'Rate limit per client', kind: 'count', counts: 'requests a minute' },
  rateLimitPerAddress: { label: 'Rate limit per address', kind: 'count', counts: 'requests a minute' },
} as const satisfies Record<SettingName, SettingInfo>;

export interface SettingGroup {
  title: string;
  settings: readonly SettingName[];
}

/** The settings as a person looks for them. */
export const SETTING_GROUPS: readonly SettingGroup[] = [
  {
    title: 'Token lifetimes',
    settings: ['accessTokenTtl', 'idTokenTtl', 'authorizationCodeTtl', 'deviceCodeTtl', 'requestOverCeiling'],
  },
  {
    title: 'Refresh behaviour',
    settings: [
      'refreshTokenEnabled',
      'refreshTokenTtl',
      'refreshTokenAbsoluteTtl',
      'refreshTokenExpiration',
      'refreshTokenRotation',
      'refreshTokenReuseInterval',
    ],
  },
  {
    title: 'Sessions and accounts',
    settings: [
      'sessionIdleTtl',
      'sessionMaxTtl',
      'accountValidity',
      'revokeRefreshOnPasswordChange',
      'revokeAccessOnPasswordChange',
      'revokeAllOnLogout',
    ],
  },
  {
    title: 'Format and signing',
    settings: ['accessTokenFormat', 'signingAlgorithm', 'introspectionCacheTtl'],
  },
  {
    title: 'Lockout',
    settings: [
      'deviceMaxFailures',
      'deviceFailureWindow',
      'deviceLockDuration',
      'userMaxDeviceLocks',
      'userDeviceLockWindow',
      'userLockDuration',
    ],
  },
  { title: 'Rate limits', settings: ['rateLimitPerClient', 'rateLimitPerAddress'] },
];

export const settingLabel = (name: SettingName): string => SETTING_INFO[name].label;

/** A setting's value in words: "1 hour", "never expires", "5 failed logins", "on", "sliding". */
export function settingValueInWords(name: SettingName, value: unknown): string {
  const info: SettingInfo = SETTING_INFO[name];
  if (info.kind === 'duration') return valueInWords(value);
  if (info.kind === 'count' && typeof value === 'number') return `${value} ${info.counts ?? ''}`.trim();
  return valueInWords(value, 'other');
}

/** A ceiling (`max`, always seconds) in words. */
export const ceilingInWords = (seconds: number): string => durationInWords(seconds);
