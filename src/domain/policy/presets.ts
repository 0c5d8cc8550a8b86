import type { SettingValues } from './document.ts';

/**
 * Ready-made policies an operator can apply to any level: seed 003's three example profiles and the legacy
 * never-expiring behaviour of seed 001. Applying one replaces the settings it names and keeps the rest.
 */
export const PRESETS = {
  'high-security': {
    accessTokenTtl: 900,
    idTokenTtl: 900,
    refreshTokenTtl: 28_800,
    refreshTokenAbsoluteTtl: 86_400,
    refreshTokenExpiration: 'absolute',
    refreshTokenRotation: true,
    refreshTokenReuseInterval: 0,
    refreshTokenEnabled: true,
    authorizationCodeTtl: 300,
    deviceCodeTtl: 300,
    sessionIdleTtl: 900,
    sessionMaxTtl: 28_800,
  },
  'user-convenience': {
    accessTokenTtl: 3600,
    idTokenTtl: 3600,
    refreshTokenTtl: 2_592_000,
    refreshTokenAbsoluteTtl: 31_536_000,
    refreshTokenExpiration: 'sliding',
    refreshTokenRotation: true,
    refreshTokenReuseInterval: 10,
    refreshTokenEnabled: true,
    sessionIdleTtl: 'none',
    sessionMaxTtl: 2_592_000,
  },
  'api-only': {
    accessTokenTtl: 3600,
    refreshTokenEnabled: false,
  },
  'legacy-never-expire': {
    accessTokenTtl: 'never',
    refreshTokenTtl: 'never',
    refreshTokenAbsoluteTtl: 'never',
    refreshTokenRotation: false,
  },
} as const satisfies Record<string, SettingValues>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
export const isPresetName = (name: string): name is PresetName => name in PRESETS;
